// Live view of every watched group: polls /api/overview every second and redraws (no page reload).
'use strict';
const palette = ['#3498db', '#e67e22', '#2ecc71', '#9b59b6', '#e74c3c', '#1abc9c', '#f1c40f', '#34495e', '#d35400', '#16a085'];
const fmt = (n, d = 0) => n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: d });
// A null value is unknown (the group publishes no reports, or nobody can say who its members are): say so, never 0.
const known = (n, d = 0, suffix = '') => n === null || n === undefined ? '<span class="unknown" title="unknown for this group">unknown</span>' : fmt(n, d) + suffix;
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function render(groups) {
  const root = document.getElementById('groups');
  root.innerHTML = groups.map(renderGroup).join('') || '<p class="muted">No group sampled yet.</p>';
  document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

function renderGroup(g) {
  const colours = new Map(g.members.map((m, i) => [m.replica, palette[i % palette.length]]));
  const maxLag = Math.max(1, ...g.partitions.map(p => p.lag));
  const header = g.members.map(m => `<th title="${esc(m.memberId)}"><span class="owner" style="background:${colours.get(m.replica)}"></span> ${esc(m.replica)}</th>`).join('');
  const grid = g.partitions.map(p => `<tr data-partition="${p.partition}">
      <td class="${p.hot ? 'hot' : ''}">${p.partition}${p.hot ? ' 🔥' : ''}</td>
      ${g.members.map(m => `<td class="cell">${m.partitions.includes(p.partition) ? `<span class="owner" style="background:${colours.get(m.replica)}"></span>` : ''}</td>`).join('')}
      <td class="lag">${fmt(p.lag)}</td>
      <td><div class="bar"><span style="width:${(100 * p.lag / maxLag).toFixed(1)}%"></span></div></td>
      <td>${fmt(p.lagSeconds, 1)}</td><td>${fmt(p.incomingRate, 1)}</td><td>${fmt(p.processingRate, 1)}</td><td>${esc(p.status)}</td>
    </tr>`).join('');
  const membersUnknown = g.membershipSource === 'unknown';
  const members = membersUnknown
    ? '<tr class="unknown-members"><td colspan="6" class="muted">members unknown: the broker cannot describe this group and its consumers publish no reports</td></tr>'
    : g.members.map(m => `<tr class="member"><td><span class="owner" style="background:${colours.get(m.replica)}"></span> ${esc(m.replica)}</td>
      <td>${esc(m.host)}</td><td>${m.partitions.join(', ')}</td><td>${fmt(m.totalLag)}</td><td>${fmt(m.processingRate, 1)}</td><td>${fmt(m.loadSharePercent, 1)}%</td></tr>`).join('');
  const now = Date.now();
  const bars = g.rebalances.slice(-60).map(r => {
    const ageMin = (now - Date.parse(r.at)) / 60000;
    const cause = r.cause ? ` after ${r.cause}` : '';
    return `<div class="${r.cause ? 'scaled' : ''}" title="${esc(r.kind)} at ${new Date(r.at).toLocaleTimeString()}${esc(cause)}, ${r.partitionsMoved.length} partition(s) moved" style="height:${Math.max(4, 28 - ageMin * 0.4)}px"></div>`;
  }).join('');
  const autoscale = renderAutoscale(g.autoscale);
  const alerts = g.alerts.map(a => `<li class="${esc(a.severity)}"><b>${esc(a.name)}</b> — ${esc(a.message)} <span class="muted">since ${new Date(a.since).toLocaleTimeString()}</span></li>`).join('');
  const notEvaluable = (g.notEvaluable || []).map(a => `<li class="not-evaluable muted"><b>${esc(a.name)}</b> — ${esc(a.message)}</li>`).join('');
  return `<section class="group" data-group="${esc(g.group)}">
    <h2>${esc(g.group)} <span class="badge ${esc(g.health.status)} health">${esc(g.health.status)}</span>
        <span class="badge ${esc(g.status)}">${esc(g.status)}</span> <span class="muted"><span class="state" title="state from ${esc(g.stateSource)}">${esc(g.state)}</span> (${esc(g.stateSource)}) · ${esc(g.protocol)} ·
        ${membersUnknown ? 'members unknown' : g.members.length + ' member(s)'} · via ${esc(g.membershipSource)}</span></h2>
    <div class="stats">
      <span>total lag <b class="total-lag">${fmt(g.totalLag)}</b></span><span>avg/partition <b>${fmt(g.averageLag, 1)}</b></span>
      <span>max lag <b>${fmt(g.maxLagSeconds, 1)} s</b></span><span>in <b>${fmt(g.incomingRate, 1)}</b>/s</span>
      <span>processed <b>${fmt(g.processingRate, 1)}</b>/s</span><span>drain <b>${g.timeToDrainSeconds === null ? (g.totalLag > 0 ? 'never' : '–') : fmt(g.timeToDrainSeconds, 0) + ' s'}</b></span>
      <span>spread <b>${g.partitionSpread}</b></span><span>imbalance <b>${fmt(g.imbalancePercent, 1)}%</b></span>
      <span>rebalances/h <b class="rebalances-per-hour">${known(g.rebalancesPerHour, 1)}</b></span>
      <span>heartbeat failures <b class="heartbeat-failures">${known(g.heartbeatFailures)}</b></span>
      <span>commit success <b class="commit-success">${g.commitSuccessRatio === null ? known(null) : fmt(100 * g.commitSuccessRatio, 1) + '%'}</b></span><span>lost <b>${fmt(g.messagesLost)}</b></span>
    </div>
    <table class="grid"><thead><tr><th>P</th>${header}<th>lag</th><th></th><th>lag s</th><th>in/s</th><th>out/s</th><th>status</th></tr></thead><tbody>${grid}</tbody></table>
    <h3>Members</h3>
    <table class="members"><thead><tr><th>replica</th><th>host</th><th>partitions</th><th>lag</th><th>rate/s</th><th>load</th></tr></thead><tbody>${members}</tbody></table>
    <h3>Rebalances (${g.hasReports ? g.rebalances.length : known(null)})</h3><div class="timeline">${bars}</div>
    ${autoscale}
    <h3>Alerts (${g.alerts.length})</h3><ul class="alerts">${alerts || '<li class="muted">none</li>'}${notEvaluable}</ul>
  </section>`;
}

// Autoscaling by lag (groups with it enabled): the latest decision with its inputs, and the recent steps.
function renderAutoscale(a) {
  if (!a) return '';
  const d = a.latest;
  const s = a.settings;
  const steps = a.recent.filter(r => r.action !== 'hold').slice(-10).reverse().map(r =>
    `<li class="${esc(r.action)}"><b>${esc(r.action)}</b> ${fmt(r.current)} → ${fmt(r.desired)} <span class="muted">at ${new Date(r.at).toLocaleTimeString()}, lag ${fmt(r.totalLag)}: ${esc(r.reason)}</span></li>`).join('');
  return `<h3>Autoscale</h3>
    <div class="autoscale" data-action="${esc(d.action)}">
      <span class="badge ${esc(d.action)}">${esc(d.action)}</span>
      members <b class="autoscale-current">${known(d.current)}</b> → desired <b class="autoscale-desired">${known(d.desired)}</b>
      · target <b>${fmt(d.target)}</b> (${esc(d.basis)}) · KEDA would ask <b>${fmt(d.kedaReplicas)}</b>
      · capacity ${d.perReplicaRate === null ? known(null) : fmt(d.perReplicaRate, 1) + '/s'} (${esc(d.capacitySource)})
      <span class="muted">· min ${s.min}, max ${s.max}, lag threshold ${fmt(s.lagThreshold)}, activation ${fmt(s.activationLagThreshold)}, cooldown ${s.cooldownSeconds} s</span>
      <p class="muted autoscale-reason">${esc(d.reason)} — ${esc(d.explanation)}</p>
      <ul class="autoscale-steps">${steps || '<li class="muted">no step yet</li>'}</ul>
    </div>`;
}

async function refresh() {
  try {
    const response = await fetch('/api/overview', { cache: 'no-store' });
    if (response.ok) render(await response.json());
  } catch (e) {
    document.getElementById('updated').textContent = 'analyzer unreachable: ' + e.message;
  }
}

refresh();
setInterval(refresh, 1000);
