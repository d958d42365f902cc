// 统考报名：报名须知 → 按班次选课（本专业课程、考试时间、剩余座位）→ 订单 → 在线缴费。
import { api, clearErrors, showProblem, withLogin } from './api.js';
import { initPage, el, gate, busy, span, when, yuan } from './ui.js';
import { sitting, areaName, majorName, showPlanFacts } from './plan.js';
import { orderView } from './order.js';
import { pay } from './pay.js';
import { t } from './texts.js';

initPage();
showPlanFacts();
const pageAlert = document.getElementById('page-alert');
const pick = document.getElementById('pick');
const pickAlert = document.getElementById('pick-alert');
let plan = null;

const held = (sel, slot) => {
  const all = [].concat(sel.held || sel.holdings || sel.enrollments || []);
  const fromSlot = slot.held || slot.heldCourse || slot.holding || null;
  const h = fromSlot || all.find(x => (x.slotNo ?? x.slot) === (slot.slotNo ?? slot.no));
  if (!h) return null;
  return typeof h === 'string' ? { courseCode: h } : { courseCode: h.courseCode || h.code, courseName: h.courseName || h.name, status: h.status };
};

// 接口给出本人的班次、课程与剩余座位；缺少的部分从公开的考试计划和座位查询补齐
async function slotsOf(sel) {
  const seats = await api('GET', `/api/v1/plan/${plan.code}/seats?area=${encodeURIComponent(sel.areaCode)}`).catch(() => []);
  const major = plan.majors.find(m => m.code === sel.majorCode);
  const listed = Array.isArray(sel.slots) ? sel.slots : [];
  return plan.slots.map(p => {
    const s = listed.find(x => (x.slotNo ?? x.no) === p.no) || {};
    const courses = (Array.isArray(s.courses) ? s.courses : (major ? major.courses.filter(c => c.slotNo === p.no) : []))
      .map(c => ({ code: c.code || c.courseCode, name: c.name || c.courseName, feeFen: c.feeFen }));
    const seat = seats.find(x => x.slotNo === p.no) || {};
    return { no: p.no, startsAt: s.startsAt || p.startsAt, endsAt: s.endsAt || p.endsAt, courses,
      left: s.left ?? s.seatsLeft ?? seat.left, held: held(sel, s.slotNo ? s : { slotNo: p.no }) };
  });
}

function slotView(slot) {
  const name = `slot-${slot.no}`;
  const head = el('h3', { id: name + '-title' }, t('enroll.slot', slot.no, span(slot.startsAt, slot.endsAt)));
  const seats = el('p', { class: 'muted' }, slot.left === undefined ? '' : t('enroll.seats-left', slot.left));
  let body;
  if (slot.held) {
    const state = slot.held.status === 'PAID' ? t('enroll.held.paid') : t('enroll.held.open');
    body = el('p', {}, t('enroll.held', `${slot.held.courseCode} ${slot.held.courseName || ''}`.trim(), state));
  } else if (!slot.courses.length) {
    body = el('p', { class: 'muted' }, t('enroll.no-courses'));
  } else {
    const full = slot.left === 0;
    body = el('div', { class: 'choice', role: 'radiogroup', 'aria-labelledby': name + '-title' },
      el('label', {}, el('input', { type: 'radio', name, value: '', checked: true }), t('enroll.skip-slot')),
      slot.courses.map(c => el('label', {},
        el('input', { type: 'radio', name, value: c.code, 'data-slot': slot.no, disabled: full }),
        t('enroll.course', c.code, c.name, yuan(c.feeFen)))),
      full ? el('span', { class: 'field-error' }, t('enroll.slot-full')) : null);
  }
  return el('section', { class: 'slot', 'aria-labelledby': name + '-title' }, head, seats, body);
}

async function showSelection() {
  const sel = await withLogin(api('GET', `/api/v1/sittings/${plan.code}/selection`));
  const fee = sel.registrationFeeDue === false ? t('enroll.fee-paid')
    : t('enroll.fee-due', yuan(sel.registrationFeeFen ?? plan.registrationFeeFen));
  document.getElementById('pick-who').textContent =
    t('enroll.who', areaName(plan, sel.areaCode), majorName(plan, sel.majorCode), fee);
  document.getElementById('slots').replaceChildren(...(await slotsOf(sel)).map(slotView));
  pick.hidden = false;
}

function showOrder(order) {
  const box = document.getElementById('order-box');
  const section = document.getElementById('order');
  const render = o => box.replaceChildren(orderView(o, { pay: async x => {
    const after = await pay(x, pageAlert);
    render(after);
    if (after.status === 'PAID') {
      const done = el('div', { class: 'alert success', role: 'status', tabindex: '-1' }, t('enroll.paid'),
        el('a', { href: '/exams.html' }, t('enroll.see-exams')));
      box.append(done);
      done.focus();
    }
  } }));
  render(order);
  pick.hidden = true;
  section.hidden = false;
  section.querySelector('button.pay')?.focus();
}

// 每人每次考试只能有一张未完成（未缴费/缴费中）的订单
async function openOrder() {
  const r = await withLogin(api('GET', '/api/v1/orders'));
  const orders = Array.isArray(r) ? r : (r.orders || r.items || []);
  return orders.find(o => o.sittingCode === plan.code && (o.status === 'UNPAID' || o.status === 'PAYING')) || null;
}

async function start() {
  // 未登录时立即转到登录页，而不是等到点击“下一步”
  [plan] = await Promise.all([sitting(), withLogin(api('GET', '/api/v1/orders'))]);
  document.getElementById('window').textContent =
    t('plan.window', plan.name, when(plan.registrationOpensAt), when(plan.registrationClosesAt));
}

const ready = start().catch(e => showProblem(e, { alertEl: pageAlert }));
gate(document.getElementById('gate-read'), document.getElementById('gate-next'));
document.getElementById('gate-next').addEventListener('click', async ev => {
  const alertEl = document.getElementById('gate-alert');
  clearErrors(document.getElementById('gate'));
  await ready;
  try {
    await busy(ev.currentTarget, async () => {
      await withLogin(api('POST', `/api/v1/sittings/${plan.code}/notice-ack`, {}));
      const open = await openOrder();
      if (open) {
        showOrder(open);
        pageAlert.className = 'alert info';
        pageAlert.textContent = t('enroll.open-order');
      } else {
        await showSelection();
      }
    });
    document.getElementById('gate').hidden = true;
    document.getElementById('pick-title').focus?.();
  } catch (e) {
    showProblem(e, { alertEl });
  }
});

pick.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors(pick);
  const selections = [...pick.querySelectorAll('input[type="radio"]:checked')]
    .filter(r => r.value).map(r => ({ slotNo: Number(r.dataset.slot), courseCode: r.value }));
  if (!selections.length) {
    pickAlert.textContent = t('enroll.pick-one');
    pickAlert.classList.add('error');
    return;
  }
  try {
    const order = await busy(document.getElementById('pick-submit'),
      () => withLogin(api('POST', `/api/v1/sittings/${plan.code}/orders`, { selections })));
    showOrder(order);
  } catch (e) {
    showProblem(e, { form: pick, alertEl: pickAlert });
    if (e.code === 'OPEN_ORDER_EXISTS') {
      pickAlert.append(el('div', {}, el('a', { href: '/orders.html' }, t('enroll.to-orders'))));
    }
  }
});
