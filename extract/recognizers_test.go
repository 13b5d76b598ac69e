package extract

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"newskg/extract/textnorm"
)

// Recogniser tests run the whole extractor over real sentences (from the
// seeds, and from other government news) and check what it finds.

func TestCompanies(t *testing.T) {
	cases := []struct {
		text  string
		names []string
	}{
		{"高新区专精特新企业累计上市17家(先导智能、银邦股份、宝通科技、智能自控、隆盛科技、和晶智能、航亚科技、奥特维),其中,科创板9家。",
			[]string{"先导智能", "银邦股份", "宝通科技", "智能自控", "奥特维"}},
		{"索尼、松下、日立、夏普、理光、神户制钢、村田等世界500强日资跨国公司在无锡高新区投资了52个项目。",
			[]string{"索尼", "松下", "神户制钢", "村田"}},
		{"包括三星集团的三星SDI、LG集团的LG化学、SK集团的SK海力士、现代汽车集团的现代MOBIS等。",
			[]string{"三星集团", "三星SDI", "LG集团", "LG化学", "SK集团", "SK海力士", "现代汽车集团", "现代MOBIS"}},
		{"会上,无锡盛景微电子股份有限公司、华进半导体封装先导技术研发中心有限公司、通用电气医疗系统(中国)有限公司进行了发言。",
			[]string{"无锡盛景微电子股份有限公司", "华进半导体封装先导技术研发中心有限公司", "通用电气医疗系统(中国)有限公司"}},
		{"政企合力之下,吉冈精密成为无锡首家北交所上市企业。", []string{"吉冈精密"}},
		// not from the seeds
		{"近日,苏州汇川技术有限公司与宁德时代、比亚迪等企业签署合作协议。", []string{"苏州汇川技术有限公司", "宁德时代", "比亚迪"}},
	}
	for _, c := range cases {
		r := extractText(t, c.text)
		for _, n := range c.names {
			if !hasEntity(r, TypeCompany, n) {
				t.Errorf("%q: company %q not found", c.text, n)
			}
		}
	}
}

func TestCompanyShortNameIsAlias(t *testing.T) {
	r := extractText(t, "近日,福布斯发布了榜单,无锡新洁能股份有限公司连续两年入选。新洁能成立于2013年,专注于半导体功率器件。")
	e := entity(r, TypeCompany, "无锡新洁能股份有限公司")
	if e == nil || !hasEntity(r, TypeCompany, "新洁能") || entity(r, TypeCompany, "新洁能") != nil {
		t.Fatalf("新洁能 should be an alias of the legal name: %+v", r.Entities)
	}
	if len(e.Mentions) < 2 {
		t.Errorf("the short name's mention is not counted: %+v", e.Mentions)
	}
}

func TestNotCompanies(t *testing.T) {
	r := extractText(t, "鼓励银行等金融机构为企业量身定制金融服务方案,其中韩国四大企业集团的核心主力公司已全部落子。")
	for _, e := range r.Entities {
		if e.Type == TypeCompany {
			t.Errorf("common noun taken for a company: %q", e.Name)
		}
	}
}

func TestPositions(t *testing.T) {
	cases := []struct {
		text               string
		person, title, org string
	}{
		{"无锡高新区党工委副书记、管委会副主任、新吴区委副书记、区长章金伟表示,日资企业是合作伙伴。", "章金伟", "管委会副主任", "无锡高新区"},
		{"无锡高新区党工委副书记、管委会副主任、新吴区委副书记、区长章金伟表示,日资企业是合作伙伴。", "章金伟", "区长", "新吴区"},
		{"无锡高新区党工委书记、新吴区委书记崔榮國表示,贯彻落实党的二十大精神。", "崔荣国", "区委书记", "新吴区"},
		{"“当前,全球集成电路产业链正在加速重构。”中国半导体行业协会副理事长于燮康表示,无锡集成电路产业基础坚实。", "于燮康", "副理事长", "中国半导体行业协会"},
		{"参会企业家代表瑞穗银行股份有限公司副总经理石原治表示,瑞穗银行无锡分行自2006年成立以来发展良好。", "石原治", "副总经理", "瑞穗银行股份有限公司"},
		{"位于锡山经济技术开发区的鑫宏业线缆科技股份有限公司专业生产新能源特种线缆。公司总经理卜晓华介绍,公司建设了研究中心。", "卜晓华", "总经理", "鑫宏业线缆科技股份有限公司"},
		{"“产业集群与新质生产力是互为促进的关系。”江苏省科技发展战略研究院副院长张华说,创新要素更加高端。", "张华", "副院长", "江苏省科技发展战略研究院"},
		// not from the seeds
		{"苏州市委常委、常务副市长李强出席会议并讲话。", "李强", "常务副市长", "苏州市"},
	}
	for _, c := range cases {
		r := extractText(t, c.text)
		if !hasPosition(r, c.person, c.title, c.org) {
			t.Errorf("%q: want %s %s at %s, got %+v", c.text, c.person, c.title, c.org, r.Relations)
		}
	}
}

func TestSpeakersWithoutTitles(t *testing.T) {
	cases := []struct {
		text   string
		person string
		want   bool
	}{
		{"彭小军认为,国内银行现在走的是发卡模式。", "彭小军", true},
		{"泗水县文化市场综合执法局颜鲲表示,根据监控,价格上涨。", "颜鲲", true},
		{"姜山：切尔西在周中做客意大利时惨败。", "姜山", true},
		{"公安部经济犯罪侦查局副局长张涛在接受记者采访时说,这并非个案。", "张涛", true},
		{"张经理表示,我们代办的信用卡额度都是1万元左右。", "张经理", false},
		{"信息中称,银行已经冻结账户。", "信息中", false},
		{"高新区表示,将加大扶持力度。", "高新区", false},
	}
	for _, c := range cases {
		r := extractText(t, c.text)
		if got := hasEntity(r, TypePerson, c.person); got != c.want {
			t.Errorf("%q: person %q found=%v, want %v (%v)", c.text, c.person, got, c.want, names(r, TypePerson))
		}
	}
}

func TestBylines(t *testing.T) {
	r := extractText(t, "文章来源:新江苏客户端·中国江苏网\n记者 蔡姝雯 张宣 杨易臻 张琳\n高新区是集聚高端科技资源的“强磁场”。")
	for _, n := range []string{"蔡姝雯", "张宣", "杨易臻", "张琳"} {
		if !hasPosition(r, n, "记者", "新江苏客户端·中国江苏网") {
			t.Errorf("reporter %s not found: %+v", n, r.Relations)
		}
	}
	r = extractText(t, "中新网无锡2月4日电 (孙权 唐娟)2月4日,无锡高新区召开推进会。")
	if !hasPosition(r, "孙权", "记者", "中新网") || !hasPosition(r, "唐娟", "记者", "中新网") {
		t.Errorf("dateline reporters not found: %+v", r.Relations)
	}
	r = extractText(t, "会上还下发了清单。\n编辑 | 李幼优\n文字 | 逯恒贞")
	if !hasEntity(r, TypePerson, "李幼优") || !hasEntity(r, TypePerson, "逯恒贞") {
		t.Errorf("credit names not found: %+v", r.Entities)
	}
}

func TestOrganizations(t *testing.T) {
	cases := []struct {
		text  string
		names []string
	}{
		{"为深入贯彻科技部《“十四五”国家高新技术产业开发区发展规划》中提出的精神,贯彻落实无锡市委市政府《关于支持无锡高新区开放创新高质量发展的意见》。",
			[]string{"科技部", "无锡市委", "无锡市政府"}},
		{"对贯彻落实工信部火炬中心“支持有条件的国家高新区建设世界一流高科技产业园区”的要求进行部署。", []string{"工信部火炬中心"}},
		{"在无锡华进半导体的国家集成电路特色工艺及封装测试制造业创新中心,科研人员正在加速攻关。", []string{"国家集成电路特色工艺及封装测试制造业创新中心"}},
		{"引进了中国科学院药物所、中国医科院系统所、哈佛、牛津等国内外一流院所高校。", []string{"中国科学院药物所", "中国医科院系统所", "哈佛", "牛津"}},
		{"无锡高新区将着力建好用好综保区新片区、无锡新加坡科创城、中欧产业创新区等开放阵地。", []string{"综保区新片区", "无锡新加坡科创城", "中欧产业创新区"}},
		{"希望依托德国江苏总商会的资源优势。公司与江南大学建立联合研究院。", []string{"德国江苏总商会", "江南大学"}},
	}
	for _, c := range cases {
		r := extractText(t, c.text)
		for _, n := range c.names {
			if !hasEntity(r, TypeOrganization, n) {
				t.Errorf("%q: organisation %q not found in %v", c.text, n, names(r, TypeOrganization))
			}
		}
	}
}

func TestBodyInsidePlanTitleIsPartOfTitle(t *testing.T) {
	r := extractText(t, "贯彻落实无锡市委市政府《关于支持无锡高新区开放创新高质量发展的意见》。")
	if hasEntity(r, TypeOrganization, "无锡高新区") {
		t.Error("无锡高新区 is named only inside a plan's title")
	}
}

func names(r *Result, typ string) []string {
	var out []string
	for _, e := range r.Entities {
		if e.Type == typ {
			out = append(out, e.Name)
		}
	}
	return out
}

func TestDeclaredShortForms(t *testing.T) {
	r := extractText(t, "最高人民法院(下称“最高法”)日前发布司法解释。电子艺界在向美国证券交易委员会(SEC)提交的文件中称,业务稳定。最高法表示,将加强审判。")
	for _, c := range []struct{ name, alias string }{{"最高人民法院", "最高法"}, {"美国证券交易委员会", "SEC"}} {
		e := entity(r, TypeOrganization, c.name)
		if e == nil || !hasEntity(r, TypeOrganization, c.alias) {
			t.Errorf("%s should have the alias %s: %+v", c.name, c.alias, e)
		}
	}
	if e := entity(r, TypeOrganization, "最高人民法院"); e != nil && len(e.Mentions) < 2 {
		t.Errorf("the short form's later mention is not counted: %+v", e.Mentions)
	}
}

func TestAbbreviationsResolve(t *testing.T) {
	r := extractText(t, "无锡高新区发布行动计划。高新区秉承着多维模式,积极培育专精特新企业。高新区专精特新企业累计上市17家。")
	if entity(r, TypeOrganization, "高新区") != nil || !hasEntity(r, TypeOrganization, "高新区") {
		t.Errorf("高新区 should be an alias of 无锡高新区: %v", r.Entities)
	}
}

func TestPlans(t *testing.T) {
	cases := []struct {
		text   string
		name   string
		period string
	}{
		{"2022年11月18日,《无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年)》(以下简称《行动纲要》)在大会上对外发布。",
			"无锡高新区建设具有世界影响力的高科技园区行动纲要(2022-2035年)", "2022-2035"},
		{"为深入贯彻科技部《“十四五”国家高新技术产业开发区发展规划》中提出的精神。", "“十四五”国家高新技术产业开发区发展规划", "2021-2025"},
		{"实施产业集群“攀高”计划、自主创新“攻坚”计划五大创建计划。", "产业集群“攀高”计划", ""},
		{"同时,着力培育高成长创新主体,深入实施“百企引航、千企升级”行动,加速科技型企业的逐级培育。", "“百企引航、千企升级”行动", ""},
		{"锡山区先后制定《专精特新“小巨人”企业培育工程行动方案》等。", "专精特新“小巨人”企业培育工程行动方案", ""},
		{"会上还下发了2025年“双招双引”目标指引清单、2025年异地创新中心目标指引清单。", "2025年“双招双引”目标指引清单", ""},
		// a scraped page's spaces inside the quotes are not the name's
		{"全市上下全面推进“ 双招双引 ”工作，取得新成效。", "双招双引", ""},
		{"今年起在全区实施“ 智改数转网联 ”，推动企业转型。", "智改数转网联", ""},
		// a government work report wraps the title across lines
		{"贯彻实施《\n中华人民共和国著作权法\n》，加强知识产权保护。", "中华人民共和国著作权法", ""},
		{"编制《国民经济和社会发展第十四个五年规划\n和2035年远景目标纲要》。", "国民经济和社会发展第十四个五年规划和2035年远景目标纲要", ""},
	}
	for _, c := range cases {
		r := extractText(t, c.text)
		e := entity(r, TypePlan, c.name)
		if e == nil {
			t.Errorf("%q: plan %q not found in %v", c.text, c.name, names(r, TypePlan))
			continue
		}
		if c.period != "" && e.Props["period"] != c.period {
			t.Errorf("plan %q period %v, want %s", c.name, e.Props["period"], c.period)
		}
	}
	r := extractText(t, cases[0].text+"《行动纲要》按照国家高新区发展定位实施。")
	e := entity(r, TypePlan, cases[0].name)
	if e == nil || !hasEntity(r, TypePlan, "行动纲要") || entity(r, TypePlan, "行动纲要") != nil || len(e.Mentions) < 2 {
		t.Errorf("short form 行动纲要 should be an alias with its own mention: %+v", e)
	}
}

func TestIssued(t *testing.T) {
	r := extractText(t, "为深入贯彻科技部《“十四五”国家高新技术产业开发区发展规划》中提出的精神。\n2月4日,无锡高新区召开推进会,对外发布《无锡高新区关于建设世界一流高科技园区的行动计划(2025—2030年)》。")
	found := map[string]bool{}
	for _, rel := range r.Relations {
		if rel.Type == RelIssued {
			found[rel.From.Name+"→"+rel.To.Name] = true
		}
	}
	// the plan is keyed with one dash in its years, whichever was written
	for _, want := range []string{"科技部→“十四五”国家高新技术产业开发区发展规划", "无锡高新区→无锡高新区关于建设世界一流高科技园区的行动计划(2025-2030年)"} {
		if !found[want] {
			t.Errorf("ISSUED %s not found in %v", want, found)
		}
	}
	for _, e := range r.Entities {
		if e.Type == TypePlan && strings.HasSuffix(e.Name, "(2025-2030年)") && !slices.Contains(e.Aliases, "无锡高新区关于建设世界一流高科技园区的行动计划(2025—2030年)") {
			t.Errorf("the form written is not an alias of %s: %v", e.Name, e.Aliases)
		}
	}
}

func TestFigures(t *testing.T) {
	type fig struct {
		value float64
		unit  any
	}
	cases := []struct {
		text string
		want []fig
		not  []string
	}{
		{"截止2022年年底,区内聚集日资企业400余家,在无锡高新区投资了52个项目,日资企业累计投资110亿美元。",
			[]fig{{400, "家"}, {52, "个"}, {110, "亿美元"}}, []string{"2022"}},
		{"目前有150多家韩资企业落户,投资规模超过5000万美元,从2019年的第33位跃升至如今的第17位,跻身全国前10。",
			[]fig{{150, "家"}, {5000, "万美元"}, {33, "位"}, {17, "位"}, {10, nil}}, nil},
		{"去年规上工业产值达到2194亿元,同比增长11.4%,产业规模占全省1/3。每小时最多分拣10万件包裹。",
			[]fig{{2194, "亿元"}, {11.4, "%"}, {0.3333, nil}, {10, "万件"}}, nil},
		{"5月5日-9日,代表团在3年内开展项目,12月底完成,2022中国创新力企业50强。", nil, []string{"5", "9", "3", "12", "50"}},
	}
	for _, c := range cases {
		r := extractText(t, c.text)
		got := map[string]bool{}
		var texts []string
		for _, e := range r.Entities {
			if e.Type == TypeFigure {
				got[figKey(e.Props["value"], e.Props["unit"])] = true
				texts = append(texts, e.Name)
			}
		}
		for _, w := range c.want {
			if !got[figKey(w.value, w.unit)] {
				t.Errorf("%q: figure %v %v not found in %v", c.text, w.value, w.unit, texts)
			}
		}
		if len(c.want) == 0 && len(texts) > 0 {
			t.Errorf("%q: dates, durations and rankings lists are not figures: %v", c.text, texts)
		}
	}
}

func figKey(v, unit any) string {
	u, _ := unit.(string)
	f, _ := v.(float64)
	return u + "|" + trimFloat(f)
}

func trimFloat(f float64) string { return itoa(int(f*10000 + 0.5)) }

func TestFigureYearAndSubject(t *testing.T) {
	r := extractText(t, "2023-04-11\n以实体经济见长的锡山区,去年规上工业产值达到2194亿元,同比增长11.4%。")
	for _, e := range r.Entities {
		if e.Type == TypeFigure && e.Name == "2194亿元" {
			if e.Props["year"] != 2022 {
				t.Errorf("year %v, want 2022 (去年 of a 2023 article)", e.Props["year"])
			}
			if s, _ := e.Props["subject"].(string); s == "" {
				t.Error("no subject")
			}
			return
		}
	}
	t.Error("figure 2194亿元 not found")
}

// What a figure says beyond its number, on sentences of regional news (a
// date line first: the article's date).
func TestFigureFacts(t *testing.T) {
	cases := []struct {
		text, figure                   string
		metric, period, kind, yearFrom string
		year                           any
		measures                       string // the entity it is about, "" for none
	}{
		{"2023-07-20\n2023年上半年，无锡高新区实现规上工业总产值2500亿元，同比增长8%。", "2500亿元",
			"规上工业总产值", "2023年上半年", "actual", "text", 2023, "无锡高新区"},
		{"2024-01-05\n力争到2025年，全市集成电路产业规模突破3000亿元。", "3000亿元",
			"集成电路产业规模", "2025年", "target", "text", 2025, ""},
		{"2023-11-20\n1—10月，苏州工业园区外贸进出口总额达到5200亿元。", "5200亿元",
			"外贸进出口总额", "2023年1—10月", "actual", "published", 2023, "苏州工业园区"},
		// the name before the comma is another clause's subject
		{"2023-03-01\n会上，江阴市发布了人才新政，全年新增就业岗位2万个。", "2万个",
			"", "2023年全年", "actual", "published", 2023, ""},
	}
	for _, c := range cases {
		r := extractText(t, c.text)
		var fig *Entity
		for i, e := range r.Entities {
			if e.Type == TypeFigure && e.Name == c.figure {
				fig = &r.Entities[i]
			}
		}
		if fig == nil {
			t.Errorf("%q: figure %s not found", c.text, c.figure)
			continue
		}
		str := func(k string) string { s, _ := fig.Props[k].(string); return s }
		if str("metric") != c.metric || str("period") != c.period || str("kind") != c.kind || str("year_from") != c.yearFrom || fig.Props["year"] != c.year {
			t.Errorf("%q: %s has metric %q period %q kind %q year %v (%s); want %q %q %q %v (%s)", c.text, c.figure,
				str("metric"), str("period"), str("kind"), fig.Props["year"], str("year_from"), c.metric, c.period, c.kind, c.year, c.yearFrom)
		}
		measures := ""
		for _, rel := range r.Relations {
			if rel.Type == RelMeasures && rel.From.Name == c.figure {
				measures = rel.To.Name
			}
		}
		if measures != c.measures {
			t.Errorf("%q: %s measures %q, want %q", c.text, c.figure, measures, c.measures)
		}
	}
}

func TestPlacesInTheirHierarchy(t *testing.T) {
	r := extractText(t, "江苏省南京市江宁区今天召开会议。北京市朝阳区也派人参加。会后，代表团前往江阴市考察。")
	got := map[string]string{}
	for _, rel := range r.Relations {
		if rel.Type == RelPartOf {
			got[rel.From.Name+"→"+rel.To.Name], _ = rel.Props["source"].(string)
		}
	}
	for k, want := range map[string]string{"江宁区→南京市": "text", "南京市→江苏省": "text", "朝阳区→北京市": "text"} {
		if got[k] != want {
			t.Errorf("%s: source %q, want %q (all: %v)", k, got[k], want, got)
		}
	}
	// 朝阳区 is a district of Beijing and of Changchun: the text decides
	// (北京市朝阳区); 江阴市 lies in 无锡市, which the text does not name
	for k := range got {
		if strings.HasPrefix(k, "江阴市") {
			t.Errorf("unexpected %s", k)
		}
	}
}

func TestSplitDivisions(t *testing.T) {
	for in, want := range map[string]string{
		"江苏省南京市江宁区":  "江苏省|南京市|江宁区",
		"江苏省江宁区":     "江苏省|江宁区", // a county of the province's city
		"北京市朝阳区东三环":  "北京市|朝阳区东三环",
		"江苏省上海市":     "江苏省上海市", // no division of the other
		"南京路":        "南京路",
		"苏州工业园区生物医药": "苏州工业园区生物医药",
	} {
		c := cand{typ: TypePlace, name: in, start: 10, end: 10 + runeLen(in)}
		var names []string
		pos := c.start
		for _, p := range splitDivisions(c) {
			names = append(names, p.name)
			if p.start != pos || p.end != p.start+runeLen(p.name) {
				t.Errorf("%s: %s spans [%d,%d), want from %d", in, p.name, p.start, p.end, pos)
			}
			pos = p.end
		}
		if got := strings.Join(names, "|"); got != want || pos != c.end {
			t.Errorf("splitDivisions(%s) = %s (to %d), want %s (to %d)", in, got, pos, want, c.end)
		}
	}
}

func TestPlaces(t *testing.T) {
	r := extractText(t, "为了深化友谊,5月10日,无锡高新区在日本京都举办了恳亲会。6月7日,恳谈会在德国慕尼黑举办。以实体经济见长的锡山区,去年产值增长。")
	for _, n := range []string{"日本", "京都", "德国", "慕尼黑", "锡山区"} {
		if !hasEntity(r, TypePlace, n) {
			t.Errorf("place %s not found in %v", n, names(r, TypePlace))
		}
	}
	if hasEntity(r, TypePlace, "无锡") {
		t.Error("无锡 inside 无锡高新区 is part of the organisation's name, not a place mention")
	}
}

func TestMentionOffsetsIndexTheCleanText(t *testing.T) {
	x := testExtractor(t)
	for _, f := range seedFiles(t) {
		res, a, err := x.Extract(f, readFile(t, f), textnorm.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rs := []rune(a.Text)
		for _, e := range res.Entities {
			for _, m := range e.Mentions {
				if m.Start < 0 || m.End > len(rs) || m.Start >= m.End {
					t.Fatalf("%s: mention %+v of %q out of range", f, m, e.Name)
				}
				got := string(rs[m.Start:m.End])
				if e.Type != TypeFigure && !mentionNames(e, got) {
					t.Errorf("%s: mention %q does not spell %q or an alias", f, got, e.Name)
				}
			}
		}
	}
}

func mentionNames(e Entity, s string) bool {
	if s == e.Name {
		return true
	}
	for _, a := range e.Aliases {
		if s == a {
			return true
		}
	}
	return e.Type == TypePerson || e.Type == TypePlace || e.Type == TypeOrganization
}

// lastYear is the last match of the year pattern it replaced.
func TestLastYear(t *testing.T) {
	yearRE := regexp.MustCompile(`((?:19|20)\d{2})年|(去年|今年|明年|上年|当年)`)
	for _, s := range []string{
		"", "2025年全区地区生产总值", "去年全区", "2024年比去年", "今年比2023年", "12024年", "1899年", "年", "当年新增", "2024-2025年",
		"截至2025年底，比上年", "以上年份", "第十四个五年规划",
	} {
		year, rel := lastYear(s)
		var wantYear, wantRel string
		if ms := yearRE.FindAllStringSubmatch(s, -1); len(ms) > 0 {
			wantYear, wantRel = ms[len(ms)-1][1], ms[len(ms)-1][2]
		}
		if year != wantYear || rel != wantRel {
			t.Errorf("lastYear(%q) = %q %q, want %q %q", s, year, rel, wantYear, wantRel)
		}
	}
}

// A text longer than a section is read in pieces whose offsets are the
// article's own.
func TestSectionsKeepOffsets(t *testing.T) {
	text := "甲乙丙\n丁戊\n己庚辛壬癸子丑\n寅"
	for _, max := range []int{1, 2, 3, 4, 5, 100} {
		rs := []rune(text)
		var joined string
		for _, s := range sections(text, max) {
			if n := len([]rune(s.text)); n > max {
				t.Errorf("max %d: section of %d runes", max, n)
			}
			if got := string(rs[s.start : s.start+len([]rune(s.text))]); got != s.text {
				t.Errorf("max %d: section at %d is %q, text there %q", max, s.start, s.text, got)
			}
			joined += s.text
		}
		if joined != text {
			t.Errorf("max %d: sections join to %q", max, joined)
		}
	}
}
