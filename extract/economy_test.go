package extract

import (
	"fmt"
	"testing"

	"newskg/extract/textnorm"
)

// relation finds the relation of the type between the two names.
func relation(r *Result, typ, from, to string) *Relation {
	for i, x := range r.Relations {
		if x.Type == typ && x.From.Name == from && x.To.Name == to {
			return &r.Relations[i]
		}
	}
	return nil
}

// a seed's sentence (000): a list closed by 等
const japanese = "截止2022年年底,区内聚集日资企业400余家,索尼、松下、日立、夏普、理光、神户制钢、村田等世界500强日资跨国公司在无锡高新区投资了52个项目,日资企业累计投资110亿美元。"

func TestEconomicRelations(t *testing.T) {
	tests := []struct {
		text, typ, from, to string
		props               map[string]any // each must be there with this value
	}{
		// news: 位于X的Y
		{"在位于湖南湘江新区的巴斯夫杉杉电池材料有限公司，企业的研发团队正加强对富锂锰基等材料的研发工作。", RelLocatedIn, "巴斯夫杉杉电池材料有限公司", "湖南湘江新区", nil},
		{"总部位于广东的腾讯在商务部门引导下，推出十项措施。", RelLocatedIn, "腾讯", "广东省", nil},
		// Y(总部)位于X
		{"比亚迪股份有限公司总部位于深圳市。", RelLocatedIn, "比亚迪股份有限公司", "深圳市", nil},
		// Y在X投资: located, and the investment with its sum
		{"LS集团明确将在无锡高新区投资1亿美元建设LS无锡产业园二期项目。", RelLocatedIn, "LS集团", "无锡高新区", nil},
		{"LS集团明确将在无锡高新区投资1亿美元建设LS无锡产业园二期项目。", RelInvestsIn, "LS集团", "无锡高新区",
			map[string]any{"event": "投资", "amount": "1亿美元", "value": 1.0, "unit": "亿美元"}},
		{"就在不久前，德国宝马集团宣布投资100亿元，在辽宁沈阳进行动力电池生产的大规模扩建。", RelInvestsIn, "德国宝马集团", "辽宁沈阳",
			map[string]any{"event": "投资", "amount": "100亿元"}},
		// a signing, dated by the sentence; the city, not its government
		{"2024年3月5日，宁德时代新能源科技股份有限公司与洛阳市政府签约，在洛阳市投资140亿元建设新能源电池生产基地。", RelInvestsIn, "宁德时代新能源科技股份有限公司", "洛阳市",
			map[string]any{"event": "签约", "date": "2024-03-05"}},
		// a list closed by 等: each member, and the sum is no one's
		{japanese, RelInvestsIn, "松下", "无锡高新区", map[string]any{"event": "投资", "amount": nil}},
		{japanese, RelLocatedIn, "村田", "无锡高新区", nil},
		{"SK无锡医院、新吴区幸福外国语小学、SK海力士幸福基金会等一系列民生项目相继落户无锡高新区。", RelLocatedIn, "新吴区幸福外国语小学", "无锡高新区", nil},
		// a date between the subject and 在
		{"瑞穗银行无锡分行自2006年在无锡高新区成立以来，运用自身优势支持日企在无锡扩大事业。", RelLocatedIn, "瑞穗银行无锡分行", "无锡高新区", nil},
		// 入选《…名单》
		{"无锡先导智能装备股份有限公司入选《2023年度智能制造示范工厂揭榜单位名单》。", RelParticipatesIn, "无锡先导智能装备股份有限公司", "2023年度智能制造示范工厂揭榜单位名单",
			map[string]any{"how": "入选"}},
	}
	for _, tc := range tests {
		t.Run(tc.typ+" "+tc.from, func(t *testing.T) {
			r, a, err := testExtractor(t).Extract("test.txt", []byte(tc.text), textnorm.Options{})
			if err != nil {
				t.Fatal(err)
			}
			rel := relation(r, tc.typ, tc.from, tc.to)
			if rel == nil {
				t.Fatalf("no %s %s → %s in %q; relations: %+v", tc.typ, tc.from, tc.to, tc.text, r.Relations)
			}
			for k, want := range tc.props {
				if got := rel.Props[k]; fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s = %v, want %v", k, got, want)
				}
			}
			if got := string([]rune(a.Text)[rel.Start:rel.End]); got != rel.Evidence {
				t.Errorf("text at the evidence's offsets [%d, %d) is %q, evidence %q", rel.Start, rel.End, got, rel.Evidence)
			}
		})
	}
}

func TestNoEconomicRelation(t *testing.T) {
	tests := []struct{ text, why string }{
		{"今天，财政部在香港面向机构投资者招标发行2024年首期人民币国债。", "投资 inside 投资者 is no verb"},
		{"吸引更多重大项目、区域总部、功能机构落户我区。", "nothing named settles"},
	}
	for _, tc := range tests {
		r := extractText(t, tc.text)
		for _, x := range r.Relations {
			switch x.Type {
			case RelLocatedIn, RelInvestsIn, RelParticipatesIn:
				t.Errorf("%s: %s %s → %s from %q", tc.why, x.Type, x.From.Name, x.To.Name, tc.text)
			}
		}
	}
}

func TestPositionsInTime(t *testing.T) {
	tests := []struct {
		text, person, title, org string
		change, date, dateFrom   string // "" is absent
	}{
		{"国务院任命张建国为水利部副部长，免去李明的水利部副部长职务。", "张建国", "副部长", "水利部", "start", "", ""},
		{"国务院任命张建国为水利部副部长，免去李明的水利部副部长职务。", "李明", "副部长", "水利部", "end", "", ""},
		{"1985年，江泽民出任上海市市长、中共上海市委副书记，1987年任中共上海市委书记。", "江泽民", "副书记", "中共上海市委", "start", "1985", "text"},
		{"1985年，江泽民出任上海市市长、中共上海市委副书记，1987年任中共上海市委书记。", "江泽民", "书记", "中共上海市委", "", "1987", "text"},
		// held, dated by the article
		{"发布时间：2024-03-05 10:00\n无锡高新区党工委书记崔荣国出席会议并讲话。", "崔荣国", "党工委书记", "无锡高新区", "", "2024-03-05", "published"},
	}
	for _, tc := range tests {
		t.Run(tc.person+" "+tc.title, func(t *testing.T) {
			r := extractText(t, tc.text)
			var rel *Relation
			for i, x := range r.Relations {
				if x.Type == RelHoldsPosition && x.From.Name == tc.person && x.To.Name == tc.org && x.Props["title"] == tc.title {
					rel = &r.Relations[i]
				}
			}
			if rel == nil {
				t.Fatalf("no position (%s, %s, %s) in %q: %+v", tc.person, tc.title, tc.org, tc.text, r.Relations)
			}
			for k, want := range map[string]string{"change": tc.change, "date": tc.date, "date_from": tc.dateFrom} {
				got, _ := rel.Props[k].(string)
				if got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

// Towns and streets go under the county written before them, and a zone
// is tied to the district in brackets after it.
func TestTownsAndZones(t *testing.T) {
	tests := []struct {
		text, typ, from, to string
	}{
		{"无锡市新吴区旺庄街道和硕放街道的企业代表出席。", RelPartOf, "旺庄街道", "新吴区"},
		{"江阴市徐霞客镇位于江阴东部。", RelPartOf, "徐霞客镇", "江阴市"},
		// the county's short name before 镇 is the town: 东港镇, not 东港市
		{"锡山区东港镇党委书记王强表示，东港镇将推进产业发展。", RelPartOf, "东港镇", "锡山区"},
		{"会议为江苏省科学技术奖获奖单位颁奖,为无锡高新区(新吴区)第二批链主企业颁奖。", RelSameAreaAs, "无锡高新区", "新吴区"},
		// the same naming elsewhere (区政合一 zones), full-width brackets
		{"广州开发区（黄埔区）发布新一轮产业政策，支持企业创新发展。", RelSameAreaAs, "广州开发区", "黄埔区"},
		{"青岛西海岸新区（黄岛区）今年引进重点项目50个。", RelSameAreaAs, "青岛西海岸新区", "黄岛区"},
	}
	for _, tc := range tests {
		t.Run(tc.typ+" "+tc.from, func(t *testing.T) {
			r := extractText(t, tc.text)
			if relation(r, tc.typ, tc.from, tc.to) == nil {
				t.Errorf("no %s %s → %s in %q; relations: %+v", tc.typ, tc.from, tc.to, tc.text, r.Relations)
			}
			for _, e := range r.Entities {
				if e.Name == "东港市" {
					t.Errorf("东港镇 read as the city 东港市")
				}
			}
		})
	}
	// 党工委(区委): two generic words for one body, no area tie
	r := extractText(t, "无锡高新区党工委书记崔荣国主持会议。新吴区区长出席。党工委(区委)、管委会(区政府)全体领导参加会议。")
	for _, x := range r.Relations {
		if x.Type == RelSameAreaAs {
			t.Errorf("SAME_AREA_AS from generic words: %+v", x)
		}
	}
}
