// 考试计划（公开）：考次、考区、专业与课程。
import { api } from './api.js';
import { el } from './ui.js';

let cached = null;

/** 当前开放的考次（计划中的第一个）。 */
export async function sitting() {
  if (!cached) cached = api('GET', '/api/v1/plan').then(p => p.sittings[0]);
  return cached;
}

export function fillPlanSelects(form, s, chosen = {}) {
  const add = (name, items, text) => {
    const sel = form.querySelector(`select[name="${name}"]`);
    if (!sel) return;
    for (const it of items) sel.append(el('option', { value: it.code, selected: chosen[name] === it.code }, text(it)));
  };
  add('sittingCode', [s], x => x.name);
  add('areaCode', s.areas, a => a.name);
  add('majorCode', s.majors, m => `${m.name}（${m.level}，${m.code}）`);
}

export function areaName(s, code) {
  const a = s.areas.find(x => x.code === code);
  return a ? a.name : code;
}

export function majorName(s, code) {
  const m = s.majors.find(x => x.code === code);
  return m ? `${m.name}（${m.level}）` : code;
}
