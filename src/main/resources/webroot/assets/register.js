// 新生注册：须知 → 填表（与服务器相同的检查）→ 确认对话框 → 显示准考证号。
import { showProblem } from './api.js';
import { initPage, gate } from './ui.js';
import { CODES, fillSelect, nameOf } from './codes.js';
import { sitting, fillPlanSelects, areaName, majorName } from './plan.js';
import { idNumberProblem, genderOf, photoProblem, previewOn } from './checks.js';
import { signupForm } from './signup.js';

initPage();
const form = document.getElementById('form');
const alertEl = document.getElementById('form-alert');
const $ = name => form.elements[name];

gate(document.getElementById('gate-read'), document.getElementById('gate-next'));
document.getElementById('gate-next').addEventListener('click', () => {
  document.getElementById('gate').hidden = true;
  form.hidden = false;
  $('name').focus();
});

for (const t of ['ethnicity', 'politicalStatus', 'occupation', 'education', 'city', 'candidateType']) fillSelect($(t), CODES[t]);
let plan = null;
sitting().then(s => { plan = s; fillPlanSelects(form, s, { sittingCode: s.code }); })
  .catch(e => showProblem(e, { alertEl }));
previewOn($('photo'), document.getElementById('photo-preview'));

const radio = name => (form.querySelector(`[name="${name}"]:checked`) || {}).value || '';
const opt = name => { const s = $(name); return s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''; };
const REQUIRED = { unit: '请填写工作或学习单位。', province: '请填写省（自治区）。', county: '请填写县（区）。',
  graduationDate: '请选择毕业时间。' };
const CHOSEN = { ethnicity: '民族', politicalStatus: '政治面貌', occupation: '职业', education: '文化程度', city: '市（地区）',
  candidateType: '考生类别', sittingCode: '考试次', areaCode: '考区', majorCode: '报考专业' };

signupForm(form, {
  purpose: 'REGISTER', path: '/api/v1/registrations',
  async checks(add) {
    for (const [f, m] of Object.entries(REQUIRED)) add(f, $(f).value.trim() ? null : m);
    add('gender', radio('gender') ? null : '请选择性别。');
    if (radio('gender') && !idNumberProblem($('idNumber').value) && genderOf($('idNumber').value) !== radio('gender')) {
      add('gender', '性别与身份证号不一致。');
    }
    add('hukou', radio('hukou') ? null : '请选择户口性质。');
    add('inSchool', radio('inSchool') ? null : '请选择是否在校生。');
    if ($('graduationDate').value && !/^\d{4}-\d{2}$/.test($('graduationDate').value)) add('graduationDate', '毕业时间格式为 年-月，如 2020-07。');
    for (const [f, label] of Object.entries(CHOSEN)) add(f, $(f).value ? null : `请选择${label}。`);
    add('photo', await photoProblem($('photo').files[0]));
  },
  facts: () => [
    ['性别', nameOf('gender', radio('gender'))], ['民族', opt('ethnicity')], ['政治面貌', opt('politicalStatus')],
    ['考区', plan ? areaName(plan, $('areaCode').value) : opt('areaCode')],
    ['报考专业', plan ? majorName(plan, $('majorCode').value) : opt('majorCode')],
  ],
  done(r) {
    document.getElementById('done-name').textContent = r.name || $('name').value.trim();
    document.getElementById('done-phone').textContent = r.phoneMasked || '';
  },
  codeFields: { ID_NUMBER_TAKEN: 'idNumber', PHOTO_INVALID: 'photo' },
});
