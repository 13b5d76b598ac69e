package kuzu

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// lockHolder names the process that holds the database file's lock (Kùzu
// takes a POSIX write lock on it), read from /proc/locks: "kg watch
// (pid 1234)". It returns "" when nobody holds it or it cannot tell.
func lockHolder(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return ""
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	f, err := os.Open("/proc/locks")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 1: POSIX  ADVISORY  WRITE 10131 fe:00:9979152 0 EOF
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 {
			continue
		}
		dev := strings.Split(fields[5], ":")
		if len(dev) != 3 || dev[2] != fmt.Sprint(st.Ino) {
			continue
		}
		pid := fields[4]
		if pid == fmt.Sprint(os.Getpid()) {
			return "this process"
		}
		cmd, _ := os.ReadFile("/proc/" + pid + "/cmdline")
		args := strings.Split(strings.TrimRight(string(cmd), "\x00"), "\x00")
		name := filepath.Base(args[0])
		if len(args) > 1 {
			name += " " + args[1]
		}
		if name == "." || name == "" {
			name = "another process"
		}
		return fmt.Sprintf("%s (pid %s)", name, pid)
	}
	return ""
}

func parentDir(path string) string {
	d := filepath.Dir(path)
	if d == "" {
		return "."
	}
	return d
}
