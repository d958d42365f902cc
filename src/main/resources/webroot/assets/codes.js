// 登记表中的代码表：民族（GB 3304）、政治面貌（GB 4762）及其他选项。
import { el } from './ui.js';

const NATIONS = '汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族'.split(' ');
const POLITICAL = '中共党员 中共预备党员 共青团员 民革党员 民盟盟员 民建会员 民进会员 农工党党员 致公党党员 九三学社社员 台盟盟员 无党派人士 群众'.split(' ');
const code = i => String(i + 1).padStart(2, '0');

export const CODES = {
  ethnicity: NATIONS.map((n, i) => [code(i), n]),
  politicalStatus: POLITICAL.map((n, i) => [code(i), n]),
  hukou: [['URBAN', '城镇'], ['RURAL', '农村']],
  gender: [['M', '男'], ['F', '女']],
  inSchool: [['false', '否'], ['true', '是']],
  education: ['初中', '高中', '中专', '职高', '技校', '大专', '本科', '研究生'].map(v => [v, v]),
  occupation: ['学生', '公务员', '事业单位人员', '企业人员', '军人', '农牧民', '个体经营者', '待业', '其他'].map(v => [v, v]),
  candidateType: ['普通考生', '在职考生', '现役军人', '在校生'].map(v => [v, v]),
  city: ['拉萨市', '日喀则市', '昌都市', '林芝市', '山南市', '那曲市', '阿里地区'].map(v => [v, v]),
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
