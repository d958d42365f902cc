// 新生注册与在籍考生完善资料共用的表单：姓名与身份证号、手机与验证码、登录密码、身份证照片；
// 提交前与服务器相同的检查 → 核对对话框 → 提交 → 显示准考证号。
import { api, clearErrors, fieldError, showProblem } from './api.js';
import { el, openDialog, busy } from './ui.js';
import { idNumberProblem, phoneProblem, passwordProblem, smsCodeProblem, idImageProblem, previewOn } from './checks.js';
import { captcha, smsButton } from './verify.js';
import { t } from './texts.js';

/**
 * 页面上的 #form（另有 #form-alert、#submit、#confirm 与 #confirm-facts、#done 与 #admission-no）。
 * purpose：短信验证码用途；path：提交地址；checks(add)：本页另外的检查；facts()：核对对话框中另外的 [项目, 内容]；
 * done(r)：成功后本页另外显示的内容；codeFields：错误码对应的字段；titles：错误码对应的提示标题。
 */
export function signupForm(form, { purpose, path, checks = async () => {}, facts = () => [], done = () => {}, codeFields = {}, titles = {} }) {
  const alertEl = document.getElementById('form-alert');
  const $ = name => form.elements[name];
  for (const f of ['idCardFront', 'idCardBack']) previewOn($(f), document.getElementById(f + '-preview'));

  const code = captcha(form);
  smsButton({
    form, button: document.getElementById('sms-send'), code, purpose, alertEl,
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
    add('name', $('name').value.trim() ? null : t('checks.name'));
    add('idNumber', idNumberProblem($('idNumber').value));
    add('phone', phoneProblem($('phone').value));
    add('smsCode', smsCodeProblem($('smsCode').value));
    add('password', passwordProblem($('password').value));
    add('password2', $('password').value === $('password2').value ? null : t('checks.passwords-differ'));
    await checks(add);
    add('idCardFront', await idImageProblem($('idCardFront').files[0]));
    add('idCardBack', await idImageProblem($('idCardBack').files[0]));
    add('consent', $('consent').checked ? null : t('signup.consent'));
    return out;
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clearErrors(form);
    const submit = document.getElementById('submit');
    const found = await busy(submit, problems);
    if (found.length) {
      found.forEach(([f, m]) => fieldError(form, f, m));
      alertEl.textContent = t('signup.problems', found.length);
      alertEl.classList.add('error');
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const id = $('idNumber').value.trim().toUpperCase();
    const rows = [[t('facts.name'), $('name').value.trim()], [t('facts.id-number'), id], [t('facts.phone'), $('phone').value.trim()],
      ...facts()];
    document.getElementById('confirm-facts').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    if (await openDialog(document.getElementById('confirm'), submit) !== 'ok') return;
    const data = new FormData(form);
    data.delete('password2');
    data.delete('captchaAnswer');
    data.set('idNumber', id);
    data.set('consent', 'true');
    try {
      const r = await busy(submit, () => api('POST', path, data));
      form.hidden = true;
      document.getElementById('admission-no').textContent = r.admissionNo;
      done(r);
      const shown = document.getElementById('done');
      shown.hidden = false;
      shown.focus();
    } catch (e) {
      showProblem(e, { form, alertEl, codeFields: { SMS_CODE_INVALID: 'smsCode', PHONE_TAKEN: 'phone', ...codeFields } });
      if (titles[e.code]) alertEl.querySelector('strong').textContent = titles[e.code];
    }
  });
}
