package textnorm

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// loadNormalizer builds the normaliser once for all tests of the package.
var loadNormalizer = sync.OnceValues(New)

func normalizer(t testing.TB) *Normalizer {
	n, err := loadNormalizer()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func seed(t testing.TB, prefix string) []byte {
	files, _ := filepath.Glob("../../seeds/" + prefix + "_*.txt")
	if len(files) != 1 {
		t.Fatalf("seed %s not found", prefix)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A sentence of seed 000, in Traditional script.
const trad000 = "無錫高新區黨工委書記、新吳區委書記崔榮國表示,貫徹落實黨的二十大精神。"

func TestEncodings(t *testing.T) {
	n := normalizer(t)
	simp002 := "无锡高新区党工委书记、区委书记崔荣国出席会议并讲话。"
	cases := []struct {
		name, enc, want string
		raw             []byte
	}{
		{"utf-8", EncUTF8, "崔荣国表示", []byte(trad000)},
		{"utf-8 with BOM", EncUTF8BOM, "崔荣国表示", append([]byte{0xEF, 0xBB, 0xBF}, trad000...)},
		{"utf-16le with BOM", EncUTF16LE, "崔荣国表示", encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), trad000)},
		{"utf-16be with BOM", EncUTF16BE, "崔荣国表示", encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), trad000)},
		{"gbk simplified", EncGB18030, "崔荣国出席会议", encode(t, simplifiedchinese.GBK, simp002)},
		{"big5 traditional", EncBig5, "崔荣国表示", encode(t, traditionalchinese.Big5, trad000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := n.Normalize(c.raw, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if a.Encoding != c.enc {
				t.Errorf("encoding = %s, want %s", a.Encoding, c.enc)
			}
			if !strings.Contains(a.Text, c.want) {
				t.Errorf("text %q lacks %q", a.Text, c.want)
			}
		})
	}
}

func TestWholeSeedInLegacyEncodings(t *testing.T) {
	n := normalizer(t)
	raw := seed(t, "002")
	gbk := encode(t, simplifiedchinese.GBK, string(raw))
	a, err := n.Normalize(gbk, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Encoding != EncGB18030 || !strings.Contains(a.Text, "章金伟主持会议") {
		t.Errorf("GBK copy of seed 002: encoding %s, text starts %q", a.Encoding, first(a.Text, 60))
	}
	// seed 000 is Traditional and Big5 holds every character of it
	big5 := encode(t, traditionalchinese.Big5, string(seed(t, "000")))
	b, err := n.Normalize(big5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Encoding != EncBig5 || b.Script != ScriptTraditional || !strings.Contains(b.Text, "新吴区委书记崔荣国表示") {
		t.Errorf("Big5 copy of seed 000: encoding %s script %s text %q", b.Encoding, b.Script, first(b.Text, 60))
	}
	utf, err := n.Normalize(seed(t, "000"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Text != utf.Text {
		t.Error("the Big5 copy of seed 000 cleans to another text than the UTF-8 original")
	}
}

func first(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

func TestBadInputs(t *testing.T) {
	n := normalizer(t)
	cases := []struct {
		name   string
		raw    []byte
		reason string
	}{
		{"empty", nil, "empty file"},
		{"whitespace only", []byte(" \n\t\r\n  "), "only white space"},
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "binary file"},
		{"control bytes", bytes.Repeat([]byte{0x01, 0x02, 0x03, 'a'}, 100), "binary file"},
		{"only chrome", []byte("首页 > 新闻中心 > 江苏 > 正文\nhttps://www.example.com/\n"), "no article text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := n.Normalize(c.raw, Options{})
			if err == nil {
				t.Fatal("want an error")
			}
			if !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("error %q: want an input error saying %q", err, c.reason)
			}
		})
	}
}

func TestTruncatedUTF8KeepsNeighbours(t *testing.T) {
	n := normalizer(t)
	s := "无锡高新区发布行动计划。崔荣国表示,"
	b := []byte(s)
	// cut the last byte of 划 (3 bytes) and of the final rune of the file
	i := bytes.Index(b, []byte("划"))
	broken := append(append(append([]byte{}, b[:i+2]...), b[i+3:]...), 0xE5, 0xB4)
	a, err := n.Normalize(broken, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "行动计。崔荣国表示") {
		t.Errorf("neighbours of the broken byte were lost: %q", a.Text)
	}
	if !hasRepair(a, "invalid-utf8") {
		t.Errorf("dropping invalid bytes was not recorded: %+v", a.Repairs)
	}
}

func hasRepair(a *Article, kind string) bool {
	for _, r := range a.Repairs {
		if r.Kind == kind {
			return true
		}
	}
	return false
}

func TestPinyinAnnotations(t *testing.T) {
	cases := []struct{ in, want string }{
		{"無錫高新區(qū)發(fā)布建設(shè)世界一流高科技園區(qū)行動計劃", "無錫高新區發布建設世界一流高科技園區行動計劃"},
		{"根據(jù)計劃,無錫高新區(qū)將分兩個階段", "根據計劃,無錫高新區將分兩個階段"},
		{"《无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年)》(以下简称《行动纲要》)", "《无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年)》(以下简称《行动纲要》)"},
		{"上市17家(先导智能、银邦股份、宝通科技)", "上市17家(先导智能、银邦股份、宝通科技)"},
		{"无锡高新区(京都)日本跨国企业高层恳亲会", "无锡高新区(京都)日本跨国企业高层恳亲会"},
		{"通用电气医疗系统(中国)有限公司", "通用电气医疗系统(中国)有限公司"},
		{"这些成绩?yōu)为无锡", "这些成绩为无锡"},
	}
	for _, c := range cases {
		var rec recorder
		if got := stripPinyin(c.in, &rec); got != c.want {
			t.Errorf("stripPinyin(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMojibake(t *testing.T) {
	cases := []struct{ name, in, want, absent string }{
		{"quote restored", "競爭激烈?!睙o錫高新區黨工委書記崔榮國坦言", "競爭激烈”無錫高新區黨工委書記崔榮國坦言", "睙"},
		{"span re-read", "平均值?!拔覀儽仨毮贸霭俦杜?,才能在激烈的競爭中", "平均值“我們必須拿出百倍?,才能", "覀"},
		{"glued letter", "這些成績闊o錫高新區建設世界一流園區", "這些成績無錫高新區建設", "闊o"},
		{"clean text untouched", "下來該怎么做?崔榮國介紹,今后", "下來該怎么做?崔榮國介紹,今后", ""},
		{"latin in prose untouched", "维生素C片与FPGA芯片", "维生素C片与FPGA芯片", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rec recorder
			got := repairMojibake(c.in, &rec)
			if !strings.Contains(got, c.want) || c.absent != "" && strings.Contains(got, c.absent) {
				t.Errorf("repairMojibake(%q) = %q, want it to contain %q", c.in, got, c.want)
			}
			if c.absent != "" && len(rec.repairs) == 0 {
				t.Error("repair not recorded")
			}
		})
	}
}

func TestBoilerplate(t *testing.T) {
	n := normalizer(t)
	a, err := n.Normalize(seed(t, "003"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, chrome := range []string{"a0g新江南网", "江南第一门户网站", "欢迎您", "首页 >", "本文仅代表作者", "匿名评论", "人参与", "字体"} {
		if strings.Contains(a.Text, chrome) {
			t.Errorf("seed 003 still holds chrome %q", chrome)
		}
	}
	for _, content := range []string{"记者 蔡姝雯 张宣 杨易臻 张琳", "中国半导体行业协会副理事长于燮康表示", "文章来源:新江苏客户端·中国江苏网"} {
		if !strings.Contains(a.Text, content) {
			t.Errorf("seed 003 lost content %q", content)
		}
	}
	b, err := n.Normalize(seed(t, "001"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.Text, "国内新闻精选") || strings.Contains(b.Text, "2025年02月05日") {
		t.Error("seed 001 keeps its trailing date list")
	}
	c, err := n.Normalize(seed(t, "002"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.Text, "梅里古镇,春晚开场") || !strings.Contains(c.Text, "图片 | 无锡高新区融媒体中心") {
		t.Error("seed 002: related links after the credits should go, the credits stay")
	}
	d, err := n.Normalize(seed(t, "004"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d.Text, "“勇挑大梁”。图片") || strings.Contains(d.Text, "版权所有") {
		t.Error("seed 004 keeps an image placeholder or the copyright footer")
	}
}

func TestRepeatedLinesAcrossCorpus(t *testing.T) {
	docs := [][]string{
		{"《新江南网》江南第一门户网站!", "正文一"},
		{"《新江南网》江南第一门户网站!", "正文二"},
		{"只出现一次的标题行很长很长", "正文三"},
	}
	rep := LearnRepeatedLines(docs, 2)
	if !rep["《新江南网》江南第一门户网站!"] || rep["只出现一次的标题行很长很长"] {
		t.Errorf("LearnRepeatedLines = %v", rep)
	}
	n := normalizer(t)
	a, err := n.Normalize([]byte("追踪网络热点,关注民生动态,传播江南文化!\n正文第一段,无锡高新区发布计划。"), Options{RepeatedLines: map[string]bool{"追踪网络热点,关注民生动态,传播江南文化!": true}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "追踪网络热点") {
		t.Error("a known repeated line was kept")
	}
}

func TestScriptConversion(t *testing.T) {
	n := normalizer(t)
	a, err := n.Normalize(seed(t, "000"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Script != ScriptTraditional {
		t.Errorf("script = %s", a.Script)
	}
	for _, w := range []string{"无锡高新区", "崔荣国", "章金伟", "关于", "韩资", "亿能电力", "秉承着", "有着"} {
		if !strings.Contains(a.Text, w) {
			t.Errorf("seed 000 text lacks %q", w)
		}
	}
	b, err := n.Normalize(seed(t, "001"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"微导纳米", "引领着", "随着", "着力", "显著增强"} {
		if !strings.Contains(b.Text+a.Text, w) {
			t.Errorf("seeds 000/001 lack %q", w)
		}
	}
	if strings.Contains(a.Text+b.Text, "著") && !strings.Contains(a.Text+b.Text, "显著") {
		t.Error("著 left where Simplified writes 着")
	}
	c, err := n.Normalize(seed(t, "002"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Script != ScriptSimplified {
		t.Errorf("seed 002 script = %s", c.Script)
	}
	if !strings.Contains(a.Original, "崔榮國") {
		t.Error("the original text is not kept")
	}
}

func TestSimplifiedLineKeepsNameCharacters(t *testing.T) {
	n := normalizer(t)
	a, err := n.Normalize([]byte("广州乾朗珠宝有限公司执行董事刘忠维认为,价格居高不下。"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "广州乾朗珠宝有限公司") {
		t.Errorf("a Simplified name was converted: %q", a.Text)
	}
	b, err := n.Normalize([]byte("无锡高新区党工委书记崔榮國表示,要加快发展。"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Text, "崔荣国") {
		t.Errorf("a Traditional name in a Simplified line was not converted: %q", b.Text)
	}
}

func TestHugeSingleLine(t *testing.T) {
	n := normalizer(t)
	line := strings.Repeat("無錫高新區黨工委書記崔榮國表示,要加快發展。", 40000) // ~2.4 MB, one line
	a, err := n.Normalize([]byte(line), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat("无锡高新区党工委书记崔荣国表示,要加快发展。", 40000)
	if a.Text != want {
		t.Errorf("a long line was not converted whole (%d vs %d bytes)", len(a.Text), len(want))
	}
}

func TestHTMLPage(t *testing.T) {
	n := normalizer(t)
	page := "<html><head><title>x</title></head><body>\n<p>无锡高新区发布行动计划。</p>\n</body></html>"
	a, err := n.Normalize([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "<p>") || !strings.Contains(a.Text, "无锡高新区发布行动计划。") {
		t.Errorf("HTML page: %q", a.Text)
	}
}

func TestFixZhuo(t *testing.T) {
	cases := map[string]string{
		"随著创新驱动":    "随着创新驱动",
		"两地有著广泛的合作": "两地有着广泛的合作",
		"高新区秉承著":    "高新区秉承着",
		"著力打造":      "着力打造",
		"作用显著增强":    "作用显著增强",
		"著名的湖湾":     "著名的湖湾",
		"他的著作":      "他的著作",
	}
	for in, want := range cases {
		if got := fixZhuo(in); got != want {
			t.Errorf("fixZhuo(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTitleAndDate(t *testing.T) {
	n := normalizer(t)
	cases := []struct {
		seed, title, published string
	}{
		{"000", "", ""},
		{"001", "无锡高新区发布建设世界一流高科技园区行动计划", "2025-02-04"},
		{"002", "", ""},
		{"003", "江苏为培育新质生产力厚植创新沃土 立足高新区,做强创新型产业集群", "2023-12-31"},
		{"004", "江苏无锡:激发“专精特新”活力 谱写高质量发展新篇章", "2023-04-11"},
	}
	for _, c := range cases {
		a, err := n.Normalize(seed(t, c.seed), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != c.title || a.Published != c.published {
			t.Errorf("seed %s: title %q published %q, want %q %q", c.seed, a.Title, a.Published, c.title, c.published)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	n := normalizer(t)
	raw := seed(t, "000")
	want, err := n.Normalize(raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := n.Normalize(raw, Options{})
			if err != nil || got.Text != want.Text {
				t.Error("concurrent normalisation differs")
			}
		}()
	}
	wg.Wait()
}
