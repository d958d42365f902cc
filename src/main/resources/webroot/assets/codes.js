// 登记表中的代码表：民族（GB 3304）、政治面貌（GB 4762）及其他选项。选项的文字按页面语言来自目录（js.codes.*）。
import { el } from './ui.js';
import { t } from './texts.js';

const code = i => String(i + 1).padStart(2, '0');
const words = key => key.split(' ');
const coded = list => words(list).map((n, i) => [code(i), n]);
// 服务器按中文原样保存的选项值（不是显示的文字），与 js.codes.* 中同位置的文字一一对应。
const STORED = {
  education: '初中 高中 中专 职高 技校 大专 本科 研究生',
  occupation: '学生 公务员 事业单位人员 企业人员 军人 农牧民 个体经营者 待业 其他',
  candidateType: '普通考生 在职考生 现役军人 在校生',
  city: '拉萨市 日喀则市 昌都市 林芝市 山南市 那曲市 阿里地区',
};
const stored = (name, list) => {
  const shown = words(list);
  return words(STORED[name]).map((v, i) => [v, shown[i] || v]);
};

export const CODES = {
  ethnicity: coded(t('codes.ethnicity')),
  politicalStatus: coded(t('codes.political-status')),
  hukou: [['URBAN', t('codes.hukou.urban')], ['RURAL', t('codes.hukou.rural')]],
  gender: [['M', t('codes.gender.male')], ['F', t('codes.gender.female')]],
  inSchool: [['false', t('codes.no')], ['true', t('codes.yes')]],
  education: stored('education', t('codes.education')),
  occupation: stored('occupation', t('codes.occupation')),
  candidateType: stored('candidateType', t('codes.candidate-type')),
  city: stored('city', t('codes.city')),
};

/** 把代码表填进 select（保留第一项“请选择”）。 */
export function fillSelect(select, pairs, selected) {
  for (const [value, text] of pairs) {
    select.append(el('option', { value, selected: String(selected) === value }, text));
  }
}

/** 代码 → 名称，未知代码原样显示。 */
export function nameOf(table, value) {
  const hit = (CODES[table] || []).find(([v]) => v === String(value));
  return hit ? hit[1] : (value ?? '');
}
