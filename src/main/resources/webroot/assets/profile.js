// 考生信息：脱敏显示资料，修改基本信息，更换证件照，考籍更改。
import './phone.js';
import { api, clearErrors, fieldError, showProblem, withLogin } from './api.js';
import { initPage, el, openDialog, busy } from './ui.js';
import { CODES, fillSelect, nameOf } from './codes.js';
import { sitting, fillPlanSelects, areaName, majorName } from './plan.js';
import { photoProblem, previewOn } from './checks.js';
import { t } from './texts.js';

initPage();
const pageAlert = document.getElementById('page-alert');
const basic = document.getElementById('basic');
const photoForm = document.getElementById('photo-form');
const enrollment = document.getElementById('enrollment');
const photoNow = document.getElementById('photo-now');
const BASIC = ['gender', 'ethnicity', 'politicalStatus', 'hukou', 'occupation', 'inSchool', 'education', 'graduationDate', 'unit', 'address'];
let plan = null;

function facts(me) {
  const rows = [
    [t('facts.name'), me.name], [t('facts.admission-no'), me.admissionNo], [t('facts.id-number'), me.idNumberMasked],
    [t('facts.phone'), me.phoneMasked], [t('facts.gender'), nameOf('gender', me.gender)],
    [t('facts.ethnicity'), nameOf('ethnicity', me.ethnicity)], [t('facts.political-status'), nameOf('politicalStatus', me.politicalStatus)],
    [t('facts.hukou'), nameOf('hukou', me.hukou)], [t('facts.occupation'), nameOf('occupation', me.occupation)],
    [t('facts.in-school'), me.inSchool === undefined ? undefined : nameOf('inSchool', String(me.inSchool))],
    [t('facts.education'), nameOf('education', me.education)], [t('facts.graduation-date'), me.graduationDate], [t('facts.unit'), me.unit],
    [t('facts.address'), me.address || [me.province, me.city, me.county].filter(Boolean).join(' ')],
    [t('facts.area'), me.areaCode && plan ? areaName(plan, me.areaCode) : me.areaName || me.areaCode],
    [t('facts.major'), me.majorCode && plan ? majorName(plan, me.majorCode) : me.majorName || me.majorCode],
  ];
  document.getElementById('facts').replaceChildren(...rows.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function fill(me) {
  for (const name of BASIC) {
    const v = me[name];
    if (v === undefined || v === null) continue;
    const radios = basic.querySelectorAll(`input[type="radio"][name="${name}"]`);
    if (radios.length) radios.forEach(r => { r.checked = r.value === String(v); });
    else basic.elements[name].value = v;
  }
}

async function load() {
  const [me, s] = await Promise.all([withLogin(api('GET', '/api/v1/me')), sitting().catch(() => null)]);
  plan = s;
  facts(me);
  fill(me);
  if (s && enrollment.elements.areaCode.options.length <= 1) {
    fillPlanSelects(enrollment, s, { sittingCode: me.sittingCode || s.code, areaCode: me.areaCode, majorCode: me.majorCode });
  }
  photoNow.src = '/api/v1/me/photo?t=' + Date.now();
  return me;
}

for (const c of ['ethnicity', 'politicalStatus', 'occupation', 'education']) fillSelect(basic.elements[c], CODES[c]);
photoNow.addEventListener('error', () => { photoNow.hidden = true; });
photoNow.addEventListener('load', () => { photoNow.hidden = false; });
previewOn(photoForm.elements.photo, document.getElementById('photo-preview'));
load().catch(e => showProblem(e, { alertEl: pageAlert }));
// 更换手机号（phone.js）之后重新显示考生信息
document.addEventListener('zk:profile-changed', () => load().catch(e => showProblem(e, { alertEl: pageAlert })));

/** 提交一张表单的修改：提交期间按钮不可用，成功后重新载入资料，结果显示在表单的提示框中。 */
async function save(form, alertEl, request, saved, codeFields) {
  try {
    await busy(form.querySelector('[type="submit"]'), () => withLogin(request()));
    await load();
    alertEl.className = 'alert success';
    alertEl.textContent = saved;
  } catch (e) {
    alertEl.className = 'alert';
    showProblem(e, { form, alertEl, codeFields });
  }
}

basic.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors(basic);
  const alertEl = document.getElementById('basic-alert');
  const body = {};
  for (const name of BASIC) {
    const checked = basic.querySelector(`input[type="radio"][name="${name}"]:checked`);
    const v = checked ? checked.value : basic.elements[name].value;
    if (v !== undefined && v !== '') body[name] = name === 'inSchool' ? v === 'true' : v.trim();
  }
  await save(basic, alertEl, () => api('PATCH', '/api/v1/me', body), t('profile.basic-saved'));
});

photoForm.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors(photoForm);
  const alertEl = document.getElementById('photo-alert');
  alertEl.className = 'alert';
  const file = photoForm.elements.photo.files[0];
  const p = await photoProblem(file);
  if (p) { fieldError(photoForm, 'photo', p); return; }
  const data = new FormData();
  data.append('photo', file);
  await save(photoForm, alertEl, () => api('PUT', '/api/v1/me/photo', data), t('profile.photo-changed'), { PHOTO_INVALID: 'photo' });
});

enrollment.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors(enrollment);
  const alertEl = document.getElementById('enr-alert');
  alertEl.className = 'alert';
  const body = {};
  for (const name of ['sittingCode', 'areaCode', 'majorCode']) {
    body[name] = enrollment.elements[name].value;
    if (!body[name]) { fieldError(enrollment, name, t('profile.choose')); return; }
  }
  document.getElementById('confirm-text').textContent =
    t('profile.enrollment-to', plan ? areaName(plan, body.areaCode) : body.areaCode,
      plan ? majorName(plan, body.majorCode) : body.majorCode);
  if (await openDialog(document.getElementById('confirm')) !== 'ok') return;
  await save(enrollment, alertEl, () => api('PUT', '/api/v1/me/enrollment', body), t('profile.enrollment-changed'));
});
