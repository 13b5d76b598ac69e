package lexicon

import (
	_ "embed"
	"encoding/json"
	"sort"
	"strings"
	"unicode/utf8"
)

// divisionsJSON is China's administrative divisions — provinces, their
// prefecture-level cities and the county-level divisions of each — as
// published by the National Bureau of Statistics (统计用区划代码) and
// compiled by modood/Administrative-divisions-of-China (MIT licence,
// Copyright (c) 2017 mwn), file dist/pca.json at commit 0b270e02. Facts,
// not code: the list every recogniser of places reads.
//
//go:embed divisions/pca.json
var divisionsJSON []byte

// Division is one administrative division and the one it belongs to.
type Division struct {
	Name   string // as officially written: 江苏省, 无锡市, 锡山区
	Level  string // province, city (prefecture level) or county (county level)
	Parent string // "" for a province
}

// Divisions are every division, by name (a name that two divisions share,
// such as 朝阳区, keeps the first in the list's order).
var Divisions, divisionNames, majorDivisionNames = loadDivisions()

// sharedNames are the names two or more divisions go by (朝阳区 of Beijing
// and of Changchun); belongs holds every (division, parent) pair, shared
// names included.
var sharedNames, belongs = func() (map[string]bool, map[[2]string]bool) {
	seen, shared, pairs := map[string]bool{}, map[string]bool{}, map[[2]string]bool{}
	note := func(n, parent string) {
		if seen[n] {
			shared[n] = true
		}
		seen[n] = true
		if parent != "" {
			pairs[[2]string{n, parent}] = true
		}
	}
	for p, cities := range divisionTree {
		note(p, "")
		for c, counties := range cities {
			parent := p
			if !placeholders[c] {
				note(c, p)
				parent = c
			}
			for _, county := range counties {
				note(county, parent)
			}
		}
	}
	return shared, pairs
}()

// InDivision reports whether a division named child belongs to the one
// named parent (朝阳区 in 北京市: yes, though another 朝阳区 lies in 长春市).
func InDivision(child, parent string) bool { return belongs[[2]string{child, parent}] }

// ParentDivision is the division that the one named name belongs to (锡山区
// → 无锡市, 无锡市 → 江苏省), when exactly one division goes by the name;
// "" for a province, an unknown name or a shared one.
func ParentDivision(name string) string {
	d, ok := Divisions[name]
	if !ok || sharedNames[name] {
		return ""
	}
	return d.Parent
}

// placeholders are keys of the list that group divisions but name none.
var placeholders = map[string]bool{"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true}

// divisionTree is the list as published: province → city → counties.
var divisionTree = func() map[string]map[string][]string {
	var tree map[string]map[string][]string
	if err := json.Unmarshal(divisionsJSON, &tree); err != nil {
		panic("lexicon: divisions: " + err.Error())
	}
	return tree
}()

func loadDivisions() (map[string]Division, []string, []string) {
	tree := divisionTree
	out := map[string]Division{}
	var names, major []string
	add := func(d Division) {
		if _, dup := out[d.Name]; !dup {
			out[d.Name] = d
		}
		if genericDivision(d.Name) {
			return // 城区, 郊区, 矿区: a division's name, and a common word
		}
		names = append(names, d.Name)
		if d.Level != "county" {
			major = append(major, d.Name)
		}
		if short := ShortName(d.Name, d.Level); short != "" && d.Level != "county" {
			names = append(names, short)
			major = append(major, short)
		}
	}
	provinces := make([]string, 0, len(tree))
	for p := range tree {
		provinces = append(provinces, p)
	}
	sort.Strings(provinces)
	for _, p := range provinces {
		add(Division{Name: p, Level: "province"})
		cities := make([]string, 0, len(tree[p]))
		for c := range tree[p] {
			cities = append(cities, c)
		}
		sort.Strings(cities)
		for _, c := range cities {
			parent := p
			if !placeholders[c] {
				add(Division{Name: c, Level: "city", Parent: p})
				parent = c
			}
			for _, county := range tree[p][c] {
				add(Division{Name: county, Level: "county", Parent: parent})
			}
		}
	}
	return out, names, major
}

// genericDivision: a division named only by a direction or a generic
// word and its level (城区, 郊区, 矿区, 东区): read as a place only with
// the city before it, which the recognisers of organisations and the
// tagger see.
func genericDivision(name string) bool {
	rs := []rune(name)
	return len(rs) == 2 && strings.ContainsRune("城郊矿东西南北中", rs[0]) && strings.ContainsRune("区县", rs[1])
}

// CountyShortNames are the short names of county-level cities and
// counties (江阴 of 江阴市, 正定 of 正定县): places when a text reads them
// as places, which only the segmenter can tell (合作 of 合作市, 资源 of
// 资源县 and 比如 of 比如县 are also common words); they are not in Places.
var CountyShortNames = func() *List {
	var short []string
	for _, d := range Divisions {
		if s := ShortName(d.Name, d.Level); s != "" && d.Level == "county" {
			short = append(short, s)
		}
	}
	sort.Strings(short)
	return New(short)
}()

// province and city endings, longest first, stripped for the short name
// articles use (江苏省 → 江苏, 新疆维吾尔自治区 → 新疆, 无锡市 → 无锡).
var longEndings = []string{"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"}

// ShortName is the name a division goes by without its ending, where that
// short name is unambiguous enough to read as the division: provinces,
// prefecture-level cities, county-level cities and counties whose short
// name keeps two characters (江阴市 → 江阴, 正定县 → 正定); not districts,
// whose short names are common words (朝阳, 新华, 城东).
func ShortName(name, level string) string {
	var short string
	switch level {
	case "province", "city":
		for _, e := range longEndings {
			if s, ok := strings.CutSuffix(name, e); ok {
				short = s
				break
			}
		}
		// 延边朝鲜族自治州 → 延边: an ethnic group's name before the ending goes too
		if i := strings.Index(short, "族"); i > 0 && level == "city" {
			if s := trimEthnic(short); s != "" {
				short = s
			}
		}
	case "county":
		if s, ok := strings.CutSuffix(name, "市"); ok && !strings.Contains(s, "族") {
			short = s
		} else if s, ok := strings.CutSuffix(name, "县"); ok && !strings.Contains(s, "族") {
			short = s
		}
	}
	if utf8.RuneCountInString(short) < 2 || short == name {
		return ""
	}
	return short
}

// trimEthnic keeps the place name before the first ethnic group of an
// autonomous prefecture's name (湘西土家族苗族 → 湘西).
func trimEthnic(s string) string {
	rs := []rune(s)
	for n := 2; n < len(rs); n++ {
		rest := string(rs[n:])
		for _, g := range ethnicGroups {
			if strings.HasPrefix(rest, g) {
				return string(rs[:n])
			}
		}
	}
	return ""
}

// ethnicGroups that name autonomous prefectures.
var ethnicGroups = []string{"朝鲜族", "土家族", "苗族", "藏族", "羌族", "彝族", "布依族", "侗族", "壮族", "哈尼族", "傣族", "白族", "景颇族", "傈僳族", "回族", "蒙古族", "蒙古", "哈萨克", "柯尔克孜"}

// shortToFull maps a short name to the one division that goes by it.
var shortToFull = func() map[string]string {
	count := map[string]int{}
	full := map[string]string{}
	for _, d := range Divisions {
		if s := ShortName(d.Name, d.Level); s != "" {
			count[s]++
			full[s] = d.Name
		}
	}
	for s, n := range count {
		if n > 1 {
			delete(full, s) // 吉林: the province and the city
		}
	}
	return full
}()

// CanonicalPlace is the official name of a place written short (江苏 →
// 江苏省, 江阴 → 江阴市), when exactly one division goes by it; otherwise
// the name as written.
func CanonicalPlace(name string) string {
	if f, ok := shortToFull[name]; ok {
		return f
	}
	return name
}
