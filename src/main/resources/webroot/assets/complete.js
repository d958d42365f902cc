// 在籍考生完善资料：绑定手机、设置密码、上传身份证照片；查无此人时明确告知。
import { api, clearErrors, fieldError, showProblem } from './api.js';
import { initPage, el, openDialog, busy } from './ui.js';
import { idNumberProblem, phoneProblem, passwordProblem, smsCodeProblem, idImageProblem, previewOn } from './checks.js';
import { captcha, smsButton } from './verify.js';

initPage();
const form = document.getElementById('form');
const alertEl = document.getElementById('form-alert');
const $ = name => form.elements[name];
for (const f of ['idCardFront', 'idCardBack']) previewOn($(f), document.getElementById(f + '-preview'));

const code = captcha(form);
smsButton({
  form, button: document.getElementById('sms-send'), code, purpose: 'PROFILE', alertEl,
  infoEl: document.getElementById('sms-info'),
  who: () => {
    const p = phoneProblem($('phone').value);
    if (p) { fieldError(form, 'phone', p); return null; }
    return { phone: $('phone').value.trim() };
  },
});

async function problems() {
  const out = [];
  const add = (f, m) => { if (m) out.push([f, m]); };
  add('name', $('name').value.trim() ? null : '请输入姓名。');
  add('idNumber', idNumberProblem($('idNumber').value));
  add('phone', phoneProblem($('phone').value));
  add('smsCode', smsCodeProblem($('smsCode').value));
  add('password', passwordProblem($('password').value));
  add('password2', $('password').value === $('password2').value ? null : '两次输入的密码不一致。');
  add('idCardFront', await idImageProblem($('idCardFront').files[0]));
  add('idCardBack', await idImageProblem($('idCardBack').files[0]));
  add('consent', $('consent').checked ? null : '请勾选同意处理身份证照片。');
  return out;
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
  document.getElementById('confirm-facts').replaceChildren(
    el('dt', {}, '姓名'), el('dd', {}, $('name').value.trim()),
    el('dt', {}, '身份证号'), el('dd', {}, $('idNumber').value.trim().toUpperCase()),
    el('dt', {}, '手机号码'), el('dd', {}, $('phone').value.trim()));
  if (await openDialog(document.getElementById('confirm'), submit) !== 'ok') return;
  const data = new FormData(form);
  data.delete('password2');
  data.delete('captchaAnswer');
  data.set('idNumber', $('idNumber').value.trim().toUpperCase());
  data.set('consent', 'true');
  try {
    const r = await busy(submit, () => api('POST', '/api/v1/profile-completions', data));
    form.hidden = true;
    document.getElementById('admission-no').textContent = r.admissionNo;
    const done = document.getElementById('done');
    done.hidden = false;
    done.focus();
  } catch (e) {
    showProblem(e, { form, alertEl, codeFields: { SMS_CODE_INVALID: 'smsCode', PHONE_TAKEN: 'phone', NOT_IN_ROSTER: 'idNumber' } });
    if (e.code === 'NOT_IN_ROSTER') alertEl.querySelector('strong').textContent = '系统查无此人';
  }
});
