// 考试查询：已缴费的课程、考试时间与考区。
import { api, showProblem, withLogin } from './api.js';
import { initPage, el, span } from './ui.js';
import { sitting, areaName } from './plan.js';
import { t } from './texts.js';

initPage();
const box = document.getElementById('exams');

async function load() {
  const [r, plan] = await Promise.all([withLogin(api('GET', '/api/v1/exams')), sitting().catch(() => null)]);
  const exams = Array.isArray(r) ? r : (r.exams || r.items || []);
  if (!exams.length) {
    box.replaceChildren(el('p', {}, t('exams.none'), el('a', { href: '/enroll.html' }, t('exams.to-enroll'))));
    return;
  }
  const slotOf = e => plan && plan.slots.find(s => s.no === e.slotNo) || {};
  const area = e => e.areaName || (plan && e.areaCode ? areaName(plan, e.areaCode) : e.areaCode || '');
  const rows = exams.map(e => el('tr', {},
    el('td', {}, e.courseCode || e.code || ''),
    el('td', {}, e.courseName || e.name || ''),
    el('td', {}, span(e.startsAt || slotOf(e).startsAt, e.endsAt || slotOf(e).endsAt)),
    el('td', {}, area(e))));
  box.replaceChildren(el('div', { class: 'table-wrap' }, el('table', {},
    el('caption', { class: 'muted' }, plan ? plan.name : ''),
    el('thead', {}, el('tr', {}, [t('exams.course-code'), t('exams.course-name'), t('exams.time'), t('exams.area')].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows))));
}
load().catch(e => showProblem(e, { alertEl: document.getElementById('page-alert') }));
