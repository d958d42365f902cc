// 新生注册：须知 → 填表（与服务器相同的检查）→ 确认对话框 → 显示准考证号。
import { api, clearErrors, fieldError, showProblem } from './api.js';
import { initPage, el, gate, openDialog, busy } from './ui.js';
import { CODES, fillSelect, nameOf } from './codes.js';
import { sitting, fillPlanSelects, areaName, majorName } from './plan.js';
import { idNumberProblem, genderOf, phoneProblem, passwordProblem, smsCodeProblem, photoProblem, idImageProblem, previewOn } from './checks.js';
import { captcha, smsButton } from './verify.js';

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
for (const f of ['photo', 'idCardFront', 'idCardBack']) previewOn($(f), document.getElementById(f + '-preview'));

const code = captcha(form);
smsButton({
  form, button: document.getElementById('sms-send'), code, purpose: 'REGISTER', alertEl,
  infoEl: document.getElementById('sms-info'),
  who: () => {
    const p = phoneProblem($('phone').value);
    if (p) { fieldError(form, 'phone', p); return null; }
    return { phone: $('phone').value.trim() };
  },
});

const radio = name => (form.querySelector(`[name="${name}"]:checked`) || {}).value || '';
const REQUIRED = { name: '请输入姓名。', unit: '请填写工作或学习单位。', province: '请填写省（自治区）。', county: '请填写县（区）。',
  graduationDate: '请选择毕业时间。' };
const CHOSEN = { ethnicity: '民族', politicalStatus: '政治面貌', occupation: '职业', education: '文化程度', city: '市（地区）',
  candidateType: '考生类别', sittingCode: '考试次', areaCode: '考区', majorCode: '报考专业' };

async function problems() {
  const out = [];
  const add = (f, m) => { if (m) out.push([f, m]); };
  for (const [f, m] of Object.entries(REQUIRED)) add(f, $(f).value.trim() ? null : m);
  add('idNumber', idNumberProblem($('idNumber').value));
  add('phone', phoneProblem($('phone').value));
  add('smsCode', smsCodeProblem($('smsCode').value));
  add('password', passwordProblem($('password').value));
  add('password2', $('password').value === $('password2').value ? null : '两次输入的密码不一致。');
  add('gender', radio('gender') ? null : '请选择性别。');
  if (radio('gender') && !idNumberProblem($('idNumber').value) && genderOf($('idNumber').value) !== radio('gender')) {
    add('gender', '性别与身份证号不一致。');
  }
  add('hukou', radio('hukou') ? null : '请选择户口性质。');
  add('inSchool', radio('inSchool') ? null : '请选择是否在校生。');
  if ($('graduationDate').value && !/^\d{4}-\d{2}$/.test($('graduationDate').value)) add('graduationDate', '毕业时间格式为 年-月，如 2020-07。');
  for (const [f, label] of Object.entries(CHOSEN)) add(f, $(f).value ? null : `请选择${label}。`);
  add('photo', await photoProblem($('photo').files[0]));
  add('idCardFront', await idImageProblem($('idCardFront').files[0]));
  add('idCardBack', await idImageProblem($('idCardBack').files[0]));
  add('consent', $('consent').checked ? null : '请勾选同意处理身份证照片。');
  return out;
}

function summary() {
  const facts = document.getElementById('confirm-facts');
  const opt = name => { const s = $(name); return s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''; };
  const id = $('idNumber').value.trim().toUpperCase();
  const rows = [
    ['姓名', $('name').value.trim()], ['身份证号', id], ['手机号码', $('phone').value.trim()],
    ['性别', nameOf('gender', radio('gender'))], ['民族', opt('ethnicity')], ['政治面貌', opt('politicalStatus')],
    ['考区', plan ? areaName(plan, $('areaCode').value) : opt('areaCode')],
    ['报考专业', plan ? majorName(plan, $('majorCode').value) : opt('majorCode')],
  ];
  facts.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors(form);
  const submit = document.getElementById('submit');
  const found = await busy(submit, problems);
  if (found.length) {
    found.forEach(([f, m]) => fieldError(form, f, m));
    alertEl.textContent = `有 ${found.length} 处需要修改，请查看标红的项目。`;
    alertEl.classList.add('error');
    form.querySelector('[aria-invalid="true"]')?.focus();
    return;
  }
  summary();
  if (await openDialog(document.getElementById('confirm'), submit) !== 'ok') return;
  const data = new FormData(form);
  data.delete('password2');
  data.delete('captchaAnswer');
  data.set('idNumber', $('idNumber').value.trim().toUpperCase());
  data.set('consent', 'true');
  try {
    const r = await busy(submit, () => api('POST', '/api/v1/registrations', data));
    form.hidden = true;
    document.getElementById('admission-no').textContent = r.admissionNo;
    document.getElementById('done-name').textContent = r.name || $('name').value.trim();
    document.getElementById('done-phone').textContent = r.phoneMasked || '';
    const done = document.getElementById('done');
    done.hidden = false;
    done.focus();
  } catch (e) {
    showProblem(e, { form, alertEl, codeFields: { SMS_CODE_INVALID: 'smsCode', PHONE_TAKEN: 'phone', ID_NUMBER_TAKEN: 'idNumber', PHOTO_INVALID: 'photo' } });
  }
});
