// Command train builds the name tagger's model (extract/ner/model.bin)
// from public Chinese NER data, deterministically: the same data and
// flags give the same bytes.
//
//	go run ./extract/ner/train                     # ../shared/corpora/ner → extract/ner/model.bin
//	go run ./extract/ner/train -data DIR -out FILE -epochs 8
//
// It reads the train splits of the uniform JSON-lines files (MSRA, People's
// Daily 1998, Resume, CLUENER2020; see ../shared/corpora/ner/README.md),
// holds out every 20th sentence of MSRA and People's Daily as news
// development sets, and scores after each epoch on those and on the dev
// splits of Resume and CLUENER (which it never trains on). Test splits are
// never read.
//
// To train on your own data, write it in the same format (one
// {"text", "entities": [{"start", "end", "label"}]} per line, rune offsets,
// labels PER, LOC, ORG, COMPANY) and pass it with -extra FILE; -sets ""
// leaves the public sets out (their terms are research use only), and
// -dev FILE scores your own development split after each epoch.
package main

import (
	"bufio"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"newskg/extract"
	"newskg/extract/lexicon"
	"newskg/extract/ner"
	"newskg/extract/segment"
)

type record struct {
	Text     string `json:"text"`
	Entities []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
		Src   string `json:"src"`
	} `json:"entities"`
}

// set is one file of the data.
type set struct {
	name, path string
	holdout    bool // every 20th sentence is development data
	dev        bool // the whole file is development data
	own        bool // the user's file: path as given, not under -data
}

func main() {
	data := flag.String("data", "../shared/corpora/ner", "folder of the uniform NER files")
	out := flag.String("out", "extract/ner/model.bin", "model file to write")
	epochs := flag.Int("epochs", 8, "training passes")
	buckets := flag.Uint("buckets", 1<<19, "feature buckets")
	extra := flag.String("extra", "", "more training data in the same format (comma-separated files)")
	limit := flag.Int("limit", 0, "use only the first N sentences of each file (0: all; for quick trials)")
	repeat := flag.Int("cluener-repeat", 2, "how many times the CLUENER train split is shown per epoch: the set nearest to today's web news, and the smallest")
	public := flag.String("sets", "msra,pku1998,resume,cluener", "public sets of -data to train on (comma-separated; \"\" for none: your -extra data alone)")
	ownDev := flag.String("dev", "", "development files of your own, in the same format, scored after each epoch (comma-separated)")
	flag.Parse()

	known := map[string][]set{
		"msra":    {{name: "msra", path: "msra/train.jsonl", holdout: true}},
		"pku1998": {{name: "pku1998", path: "pku1998/train.jsonl", holdout: true}},
		"resume":  {{name: "resume", path: "resume/train.jsonl"}, {name: "resume-dev", path: "resume/dev.jsonl", dev: true}},
		"cluener": {{name: "cluener", path: "cluener/train.jsonl"}, {name: "cluener-dev", path: "cluener/dev.jsonl", dev: true}},
	}
	var sets []set
	for _, name := range []string{"msra", "pku1998", "resume", "cluener"} { // in this order, whatever the flag's
		if strings.Contains(","+*public+",", ","+name+",") {
			sets = append(sets, known[name][:1]...)
		}
	}
	for _, name := range []string{"resume", "cluener"} { // dev splits after the train splits
		if strings.Contains(","+*public+",", ","+name+",") {
			sets = append(sets, known[name][1:]...)
		}
	}
	for _, p := range strings.Split(*public, ",") {
		if p != "" && known[p] == nil {
			log.Fatalf("-sets: unknown set %q (known: msra, pku1998, resume, cluener)", p)
		}
	}
	for _, e := range strings.Split(*extra, ",") {
		if e != "" {
			sets = append(sets, set{name: filepath.Base(e), path: e, own: true})
		}
	}
	for _, e := range strings.Split(*ownDev, ",") {
		if e != "" {
			sets = append(sets, set{name: filepath.Base(e), path: e, dev: true, own: true})
		}
	}
	if len(sets) == 0 {
		log.Fatal("no training data: give -sets or -extra")
	}
	seg, err := segment.New()
	if err != nil {
		log.Fatal(err)
	}
	var train []ner.Example
	dev := map[string][]ner.Example{}
	var info strings.Builder
	// no date: the same data and flags give the same bytes
	fmt.Fprintf(&info, "trained by go run ./extract/ner/train -sets %q -epochs %d -buckets %d -cluener-repeat %d\n", *public, *epochs, *buckets, *repeat)
	for _, s := range sets {
		path := s.path
		if !s.own {
			path = filepath.Join(*data, path)
		}
		if strings.Contains(strings.ToLower(filepath.Base(path)), "test") {
			log.Fatalf("%s: test splits are held out for evaluation and never read", path)
		}
		exs, sum, err := read(path, s.name, seg, *limit)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Fprintf(&info, "  %s: %s, %d sentences, md5 %s\n", s.name, s.path, len(exs), sum)
		log.Printf("%s: %d sentences", s.name, len(exs))
		switch {
		case s.dev:
			dev[s.name] = exs
		case s.holdout:
			for i, ex := range exs {
				if i%20 == 19 {
					dev[s.name+"-heldout"] = append(dev[s.name+"-heldout"], ex)
				} else {
					train = append(train, ex)
				}
			}
		case s.name == "cluener":
			for range *repeat {
				train = append(train, exs...)
			}
		default:
			train = append(train, exs...)
		}
	}
	names := make([]string, 0, len(dev))
	for n := range dev {
		names = append(names, n)
	}
	sort.Strings(names)
	var last string
	start := time.Now()
	m := ner.Train(train, ner.TrainOptions{Buckets: uint32(*buckets), Epochs: *epochs, Seed: 1, Progress: func(epoch int, decode func(ner.Sentence) []ner.Span) {
		var b strings.Builder
		for _, n := range names {
			sc := ner.NewScore()
			for _, ex := range dev[n] {
				sc.Add(spansOf(ex.Gold), decode(ex.Sentence))
			}
			fmt.Fprintf(&b, " %s\n%s", n, sc)
		}
		last = b.String()
		log.Printf("epoch %d (%s):\n%s", epoch, time.Since(start).Round(time.Second), last)
	}})
	m.Lexicon = lexicon.Fingerprint()
	fmt.Fprintf(&info, "development scores (exact spans) after the last epoch, before quantisation:\n%s", last)
	// score the quantised model too: it is what ships
	var q strings.Builder
	tg := m.NewTagger()
	for _, n := range names {
		sc := ner.NewScore()
		for _, ex := range dev[n] {
			sc.Add(spansOf(ex.Gold), tg.Tag(ex.Sentence))
		}
		fmt.Fprintf(&q, " %s\n%s", n, sc)
	}
	fmt.Fprintf(&info, "the shipped (quantised) model:\n%s", q.String())
	log.Printf("quantised:\n%s", q.String())
	m.Info = info.String()
	if err := os.WriteFile(*out, m.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s (%d bytes)", *out, len(m.Bytes()))
}

// read loads one file as examples: the text segmented (words and their
// gse tags), the gold names as tags.
func read(path, name string, seg *segment.Segmenter, limit int) ([]ner.Example, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	h := md5.New()
	sc := bufio.NewScanner(io.TeeReader(f, h))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []ner.Example
	for sc.Scan() {
		if limit > 0 && len(out) >= limit {
			break
		}
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, "", fmt.Errorf("%s: %w", path, err)
		}
		rs := []rune(r.Text)
		var gold []ner.Span
		for _, e := range r.Entities {
			if l := mapLabel(name, e.Label, string(rs[e.Start:e.End])); l != "" {
				gold = append(gold, ner.Span{Start: e.Start, End: e.End, Label: l})
			}
		}
		out = append(out, ner.Example{Sentence: Sentence(rs, seg), Gold: ner.GoldTags(len(rs), gold)})
	}
	io.Copy(io.Discard, f)
	return out, hex.EncodeToString(h.Sum(nil)), sc.Err()
}

// Sentence is the tagger's view of a text: its runes and the segmenter's
// words.
func Sentence(rs []rune, seg *segment.Segmenter) ner.Sentence {
	s := ner.Sentence{Runes: rs}
	for _, t := range seg.Cut(string(rs)) {
		s.Words = append(s.Words, ner.Word{Start: t.Start, End: t.End, POS: t.POS})
	}
	return s
}

// mapLabel gives a gold entity the tagger's label, or "" to leave it out:
// bare references (公司, 本公司) are not names; organisations of the sets
// without a company type (MSRA, People's Daily, Resume) are companies when
// their name ends in a company's legal form — this project's rule, applied
// here, not in the data (the README of the data says so).
func mapLabel(set, label, name string) string {
	switch label {
	case "PER":
		return ner.PER
	case "LOC":
		return ner.LOC
	case "COMPANY":
		return ner.COMPANY
	case "ORG":
		if extract.IsGenericName(name) {
			return ""
		}
		if !strings.HasPrefix(set, "cluener") && isCompanyName(name) {
			return ner.COMPANY
		}
		return ner.ORG
	}
	return ""
}

// companyEndings are legal forms of businesses; banks are companies unless
// they are central or international banks.
var companyEndings = []string{"有限公司", "有限责任公司", "股份公司", "集团公司", "公司", "集团", "株式会社", "厂", "商行", "事务所"}

func isCompanyName(n string) bool {
	for _, e := range companyEndings {
		if strings.HasSuffix(n, e) {
			return true
		}
	}
	if strings.HasSuffix(n, "银行") {
		for _, public := range []string{"人民银行", "中央银行", "世界银行", "储备银行", "央行"} {
			if strings.HasSuffix(n, public) {
				return false
			}
		}
		return true
	}
	return false
}

// spansOf turns gold tags back into spans.
func spansOf(tags []int) []ner.Span { return ner.SpansOfTags(tags) }
