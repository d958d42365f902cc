// 新生注册：须知 → 填表（与服务器相同的检查）→ 确认对话框 → 显示准考证号。
import { showProblem } from './api.js';
import { initPage, gate } from './ui.js';
import { CODES, fillSelect, nameOf } from './codes.js';
import { sitting, fillPlanSelects, areaName, majorName } from './plan.js';
import { idNumberProblem, genderOf, photoProblem, previewOn } from './checks.js';
import { signupForm } from './signup.js';
import { t } from './texts.js';

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

for (const c of ['ethnicity', 'politicalStatus', 'occupation', 'education', 'city', 'candidateType']) fillSelect($(c), CODES[c]);
let plan = null;
sitting().then(s => { plan = s; fillPlanSelects(form, s, { sittingCode: s.code }); })
  .catch(e => showProblem(e, { alertEl }));
previewOn($('photo'), document.getElementById('photo-preview'));

const radio = name => (form.querySelector(`[name="${name}"]:checked`) || {}).value || '';
const opt = name => { const s = $(name); return s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''; };
const REQUIRED = { unit: t('register.unit-required'), province: t('register.province-required'),
  county: t('register.county-required'), graduationDate: t('register.graduation-required') };
const CHOSEN = { ethnicity: t('register.choose.ethnicity'), politicalStatus: t('register.choose.political-status'),
  occupation: t('register.choose.occupation'), education: t('register.choose.education'), city: t('register.choose.city'),
  candidateType: t('register.choose.candidate-type'), sittingCode: t('register.choose.sitting'), areaCode: t('register.choose.area'),
  majorCode: t('register.choose.major') };

signupForm(form, {
  purpose: 'REGISTER', path: '/api/v1/registrations',
  async checks(add) {
    for (const [f, m] of Object.entries(REQUIRED)) add(f, $(f).value.trim() ? null : m);
    add('gender', radio('gender') ? null : t('register.choose.gender'));
    if (radio('gender') && !idNumberProblem($('idNumber').value) && genderOf($('idNumber').value) !== radio('gender')) {
      add('gender', t('register.gender-mismatch'));
    }
    add('hukou', radio('hukou') ? null : t('register.choose.hukou'));
    add('inSchool', radio('inSchool') ? null : t('register.choose.in-school'));
    if ($('graduationDate').value && !/^\d{4}-\d{2}$/.test($('graduationDate').value)) add('graduationDate', t('register.graduation-format'));
    for (const [f, message] of Object.entries(CHOSEN)) add(f, $(f).value ? null : message);
    add('photo', await photoProblem($('photo').files[0]));
  },
  facts: () => [
    [t('facts.gender'), nameOf('gender', radio('gender'))], [t('facts.ethnicity'), opt('ethnicity')],
    [t('facts.political-status'), opt('politicalStatus')],
    [t('facts.area'), plan ? areaName(plan, $('areaCode').value) : opt('areaCode')],
    [t('facts.applied-major'), plan ? majorName(plan, $('majorCode').value) : opt('majorCode')],
  ],
  done(r) {
    document.getElementById('done-name').textContent = r.name || $('name').value.trim();
    document.getElementById('done-phone').textContent = r.phoneMasked || '';
  },
  codeFields: { ID_NUMBER_TAKEN: 'idNumber', PHOTO_INVALID: 'photo' },
});
