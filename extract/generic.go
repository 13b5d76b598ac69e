package extract

import (
	"strings"
	"unicode/utf8"

	"newskg/extract/lexicon"
)

// IsGenericName reports whether a name is too generic to name one thing
// across articles: a bare ending (管委会, 公司, 高新区), the same with a
// level or pointing word before it (区委, 市政府, 本公司, 该集团), or a
// single character. Such a name may stand for an entity inside one article
// (the 管委会 of the zone the article is about) but never becomes an alias
// of the entity in the graph.
func IsGenericName(n string) bool {
	if utf8.RuneCountInString(n) < 2 {
		return true
	}
	if isBareEnding(n) {
		return true
	}
	for _, lead := range genericLeads {
		if rest, ok := strings.CutPrefix(n, lead); ok && rest != "" && (isBareEnding(rest) || genericBodies[rest]) {
			return true
		}
	}
	return genericBodies[n]
}

func isBareEnding(n string) bool {
	return lexicon.OrgSuffixes.Has(n) || lexicon.CompanySuffixes.Has(n) || lexicon.Bodies.Has(n)
}

// genericLeads are the level and pointing words that, before an ending,
// still name no particular body.
var genericLeads = []string{"本", "该", "全", "各", "区", "市", "省", "县", "镇", "乡", "街道", "国家"}

// genericBodies are body words that are not endings of longer names.
var genericBodies = map[string]bool{
	"委": true, "政府": true, "党委": true, "党工委": true, "管委会": true, "人大": true, "政协": true, "纪委": true,
	"高新区": true, "开发区": true, "经开区": true, "园区": true, "新区": true, "自贸区": true, "保税区": true,
	"公司": true, "集团": true, "企业": true, "银行": true, "医院": true, "学校": true, "大学": true,
}
