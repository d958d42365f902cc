// 统考报名：报名须知 → 按班次选课（本专业课程、考试时间、剩余座位）→ 订单 → 在线缴费。
import { api, clearErrors, showProblem, withLogin } from './api.js';
import { initPage, el, gate, busy, span, when, yuan } from './ui.js';
import { sitting, areaName, majorName, showPlanFacts } from './plan.js';
import { orderView } from './order.js';
import { pay } from './pay.js';

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
  const head = el('h3', { id: name + '-title' }, `第 ${slot.no} 班次　${span(slot.startsAt, slot.endsAt)}`);
  const seats = el('p', { class: 'muted' }, slot.left === undefined ? '' : `本考区剩余座位：${slot.left}`);
  let body;
  if (slot.held) {
    const state = slot.held.status === 'PAID' ? '已缴费' : '订单未完成';
    body = el('p', {}, `已报考：${slot.held.courseCode} ${slot.held.courseName || ''}（${state}；每个班次只能报考一门）`);
  } else if (!slot.courses.length) {
    body = el('p', { class: 'muted' }, '本班次没有本专业的课程。');
  } else {
    const full = slot.left === 0;
    body = el('div', { class: 'choice', role: 'radiogroup', 'aria-labelledby': name + '-title' },
      el('label', {}, el('input', { type: 'radio', name, value: '', checked: true }), '本班次不报考'),
      slot.courses.map(c => el('label', {},
        el('input', { type: 'radio', name, value: c.code, 'data-slot': slot.no, disabled: full }),
        `${c.code} ${c.name}（${yuan(c.feeFen)}）`)),
      full ? el('span', { class: 'field-error' }, '本班次座位已满') : null);
  }
  return el('section', { class: 'slot', 'aria-labelledby': name + '-title' }, head, seats, body);
}

async function showSelection() {
  const sel = await withLogin(api('GET', `/api/v1/sittings/${plan.code}/selection`));
  const fee = sel.registrationFeeDue === false ? '本次考试的报名费已缴'
    : `报名费 ${yuan(sel.registrationFeeFen ?? plan.registrationFeeFen)}（每次考试收一次）`;
  document.getElementById('pick-who').textContent =
    `考区：${areaName(plan, sel.areaCode)}　专业：${majorName(plan, sel.majorCode)}　${fee}`;
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
      const done = el('div', { class: 'alert success', role: 'status', tabindex: '-1' }, '缴费成功，报考完成。',
        el('a', { href: '/exams.html' }, '查看考试安排'));
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
    `${plan.name}：网上报名时间 ${when(plan.registrationOpensAt)} 至 ${when(plan.registrationClosesAt)}。`;
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
        pageAlert.textContent = '您有一张未完成的订单，请先缴费或在“考生缴费”中取消后再重新选课。';
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
    pickAlert.textContent = '请至少选择一门课程。';
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
      pickAlert.append(el('div', {}, el('a', { href: '/orders.html' }, '前往“考生缴费”处理未完成的订单')));
    }
  }
});
