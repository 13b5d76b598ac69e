// Package deploy checks the container files (Dockerfile, docker-compose.yml,
// .dockerignore): no Docker engine runs where the tests do, so what can be
// checked without one is checked here.
package deploy

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type compose struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		Healthcheck struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
		DependsOn map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Command []string `yaml:"command"`
		Ports   []string `yaml:"ports"`
	} `yaml:"services"`
}

func read(t *testing.T, name string) string {
	b, err := os.ReadFile("../../" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestComposeHealthcheckUsesWhatTheContainerHas(t *testing.T) {
	var c compose
	if err := yaml.Unmarshal([]byte(read(t, "docker-compose.yml")), &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	neo, ok := c.Services["neo4j"]
	if !ok {
		t.Fatal("no neo4j service")
	}
	hc := strings.Join(neo.Healthcheck.Test, " ")
	// compose turns $$ into $; the shell in the container expands the rest
	vars := regexp.MustCompile(`\$\$\{?([A-Z_][A-Z0-9_]*)`).FindAllStringSubmatch(hc, -1)
	if len(vars) == 0 {
		t.Fatalf("healthcheck %q reads no variable: how does it know the password?", hc)
	}
	for _, v := range vars {
		if _, ok := neo.Environment[v[1]]; !ok {
			t.Errorf("the healthcheck reads $%s, which the neo4j container does not have (it has %v)", v[1], keys(neo.Environment))
		}
	}
	kg := c.Services["kg"]
	if kg.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Error("kg should wait for a healthy neo4j")
	}
	for _, v := range []string{"NEO4J_URI", "NEO4J_PASSWORD"} {
		if kg.Environment[v] == "" {
			t.Errorf("kg lacks %s", v)
		}
	}
	if !strings.Contains(neo.Image, "neo4j:5.26") {
		t.Errorf("neo4j image %q: the tests run 5.26 (.ci/neo4j/pom.xml)", neo.Image)
	}
	pom := read(t, ".ci/neo4j/pom.xml")
	tag := strings.TrimPrefix(strings.TrimSuffix(neo.Image, "-community"), "neo4j:")
	if !strings.Contains(pom, "<neo4j.version>"+tag+"</neo4j.version>") {
		t.Errorf("compose runs Neo4j %s, the tests %s: keep them one version", tag, regexp.MustCompile(`<neo4j.version>(.*)</neo4j.version>`).FindStringSubmatch(pom)[1])
	}
}

// kg serve in compose: after a healthy Neo4j, on the store's address, and
// published on the host's loopback only (inside the container it must
// listen on every interface, which kg refuses without --allow-remote).
func TestComposeServeStaysLocal(t *testing.T) {
	var c compose
	if err := yaml.Unmarshal([]byte(read(t, "docker-compose.yml")), &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	s, ok := c.Services["kg-serve"]
	if !ok {
		t.Fatal("no kg-serve service")
	}
	cmd := strings.Join(s.Command, " ")
	if len(s.Command) == 0 || s.Command[0] != "serve" || !strings.Contains(cmd, "--watch") {
		t.Errorf("kg-serve runs %q, want serve --watch …", cmd)
	}
	if strings.Contains(cmd, "0.0.0.0") != strings.Contains(cmd, "--allow-remote") {
		t.Errorf("kg-serve %q: listening on every interface needs --allow-remote (and only then)", cmd)
	}
	if s.DependsOn["neo4j"].Condition != "service_healthy" || s.Environment["NEO4J_URI"] == "" {
		t.Error("kg-serve should wait for a healthy neo4j and know its address")
	}
	if len(s.Ports) == 0 {
		t.Error("kg-serve publishes no port")
	}
	for _, p := range s.Ports {
		if !strings.HasPrefix(p, "127.0.0.1:") {
			t.Errorf("kg-serve publishes %q beyond the host's loopback", p)
		}
	}
	if hc := strings.Join(s.Healthcheck.Test, " "); !strings.Contains(hc, "/healthz") {
		t.Errorf("kg-serve's healthcheck %q does not ask /healthz", hc)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestDockerfileFailsLoudly(t *testing.T) {
	df := read(t, "Dockerfile")
	if strings.Contains(df, "|| true") {
		t.Error("the Dockerfile hides a failed step with || true")
	}
	if !strings.Contains(df, "patchelf") || !regexp.MustCompile(`apt-get install[^\n]*patchelf`).MatchString(df) {
		t.Error("the Dockerfile sets the rpath with patchelf without installing it")
	}
	if !strings.Contains(df, "libkuzu.so") || !strings.Contains(df, "LD_LIBRARY_PATH") {
		t.Error("the image must carry libkuzu.so beside kg")
	}
	if !strings.Contains(df, "go-kuzu@"+goKuzuVersion(t)) {
		t.Errorf("the Dockerfile copies libkuzu.so of another go-kuzu than go.mod's %s", goKuzuVersion(t))
	}
}

func goKuzuVersion(t *testing.T) string {
	m := regexp.MustCompile(`github.com/kuzudb/go-kuzu (v[0-9.]+)`).FindStringSubmatch(read(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go-kuzu")
	}
	return m[1]
}

func TestDockerignoreKeepsTheContextSmall(t *testing.T) {
	di := read(t, ".dockerignore")
	for _, p := range []string{".git", "data/"} {
		if !strings.Contains(di, p) {
			t.Errorf(".dockerignore lacks %s", p)
		}
	}
}
