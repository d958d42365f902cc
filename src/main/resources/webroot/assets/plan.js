// 考试计划（公开）：考次、考区、专业与课程、费用，以及订单为考生保留座位的时间。
import { api } from './api.js';
import { el, yuan } from './ui.js';
import { t } from './texts.js';

let cached = null;

function plan() {
  if (!cached) cached = api('GET', '/api/v1/plan');
  return cached;
}

/** 当前开放的考次（计划中的第一个）。 */
export async function sitting() {
  return (await plan()).sittings[0];
}

const isFen = fen => Number.isInteger(fen) && fen >= 0;

function feeRange(fees) {
  const ok = fees.filter(isFen);
  if (!ok.length) return null;
  const lo = Math.min(...ok), hi = Math.max(...ok);
  return lo === hi ? yuan(lo) : `${yuan(lo)}–${yuan(hi)}`;
}

function duration(seconds) {
  if (!Number.isInteger(seconds) || seconds <= 0) return null;
  return seconds % 60 === 0 ? t('plan.minutes', seconds / 60) : t('plan.seconds', seconds);
}

const FACTS = {
  registrationFee: (p, s) => s && isFen(s.registrationFeeFen) && yuan(s.registrationFeeFen),
  courseFee: (p, s) => s && feeRange(s.majors.flatMap(m => m.courses.map(c => c.feeFen))),
  orderHold: p => duration(p.orderHoldSeconds),
};

/**
 * 把考试计划中的费用与订单保留时间写进页面上带 data-plan 的元素（registrationFee、courseFee、orderHold）。
 * 这些数字只来自接口；读取失败时元素保留页面上不含数字的原文。
 */
export async function showPlanFacts() {
  const nodes = document.querySelectorAll('[data-plan]');
  if (!nodes.length) return;
  let p;
  try {
    p = await plan();
  } catch (e) {
    return;
  }
  const s = (p.sittings || [])[0];
  nodes.forEach(n => {
    const fact = FACTS[n.dataset.plan];
    const text = fact && fact(p, s);
    if (text) n.textContent = text;
  });
}

export function fillPlanSelects(form, s, chosen = {}) {
  const add = (name, items, text) => {
    const sel = form.querySelector(`select[name="${name}"]`);
    if (!sel) return;
    for (const it of items) sel.append(el('option', { value: it.code, selected: chosen[name] === it.code }, text(it)));
  };
  add('sittingCode', [s], x => x.name);
  add('areaCode', s.areas, a => a.name);
  add('majorCode', s.majors, m => t('plan.major-option', m.name, m.level, m.code));
}

export function areaName(s, code) {
  const a = s.areas.find(x => x.code === code);
  return a ? a.name : code;
}

export function majorName(s, code) {
  const m = s.majors.find(x => x.code === code);
  return m ? t('plan.major', m.name, m.level) : code;
}
