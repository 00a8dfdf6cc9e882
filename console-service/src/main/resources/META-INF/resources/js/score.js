// Why an article scored what it scored: the analysis-service formula (its README, "Scores") applied to the
// signals and events the article carries, with the weights from GET /api/taxonomy. Each finding contributes
// weight × modality factor, the k-th finding of one kind counts 1/(k+1), an event without a named signal counts
// half its Goldstein weight, and the sum S gives round(100 × (1 − e^(−S/60))), capped at 79 without a material
// escalation.

/** The analyser's constants, used until (or when) /api/taxonomy cannot be read. */
export const DEFAULT_TAXONOMY = {
  signals: [
    ['RED_LINE', true, 30], ['ULTIMATUM', true, 30], ['NUCLEAR_RHETORIC', true, 30], ['WEAPONS_SUPPLY', true, 12],
    ['DIRECT_INVOLVEMENT', true, 25], ['STRIKE', true, 25], ['MOBILIZATION', true, 12], ['SANCTIONS', true, 10],
    ['CYBER', true, 15], ['TALKS', false, 12], ['CEASEFIRE', false, 30], ['DEESCALATION_APPEAL', false, 10],
    ['WITHDRAWAL', false, 25], ['AGREEMENT', false, 20],
  ].map(([name, escalatory, weight]) => ({ name, escalatory, weight })),
  categories: [
    ['AGREE', false, 4], ['CONSULT', false, 1], ['SUPPORT', false, 3.5], ['CONCEDE', false, 5],
    ['COOPERATE', false, 6], ['AID', false, 7], ['RETREAT', false, 5], ['REQUEST', false, -1], ['ACCUSE', true, -2],
    ['REJECT', true, -4], ['THREATEN', true, -6], ['PROTEST', true, -6.5], ['SANCTION', true, -4],
    ['MOBILIZE', true, -7.2], ['COERCE', true, -7], ['ASSAULT', true, -9],
  ].map(([name, conflictual, goldstein]) => ({ name, conflictual, goldstein })),
  modalities: [['ASSERTED', 1], ['FUTURE', 0.8], ['REPORTED', 0.6], ['HYPOTHETICAL', 0.4], ['NEGATED', 0]]
    .map(([name, factor]) => ({ name, factor })),
};

const MATERIAL = new Set(['STRIKE', 'DIRECT_INVOLVEMENT', 'MOBILIZATION', 'CYBER']);
const SCALE = 60;
const VERBAL_ONLY_CAP = 79;

function index(list) {
  return new Map((list || []).map((x) => [x.name, x]));
}

/** Whether a signal comes from the same trigger as the event (then the event adds nothing of its own). */
function covered(event, signals) {
  const e = event.evidence || {};
  return signals.some((s) => {
    const v = s.evidence || {};
    return v.sentenceIndex === e.sentenceIndex && v.start === e.start
      && String(v.matchedText || '').toLowerCase() === String(e.matchedText || '').toLowerCase();
  });
}

export function saturate(sum) {
  return Math.round(100 * (1 - Math.exp(-sum / SCALE)));
}

/**
 * The contributions of an analysis: rows {kind, name, modality, weight, factor, repetition, contribution,
 * escalatory, sentence}, strongest first, and the sums and scores they give.
 */
export function explain(analysis, taxonomy = DEFAULT_TAXONOMY) {
  const signalInfo = index(taxonomy.signals);
  const categoryInfo = index(taxonomy.categories);
  const factors = index(taxonomy.modalities);
  const factor = (m) => (factors.get(m) ? factors.get(m).factor : 0);
  const signals = analysis.signals || [];
  const groups = new Map();
  const rows = [];
  let material = false;
  for (const s of signals) {
    const info = signalInfo.get(s.type) || { weight: 0, escalatory: true };
    const row = {
      kind: 'signal', name: s.type, modality: s.modality, weight: info.weight, factor: factor(s.modality),
      escalatory: info.escalatory, sentence: s.evidence ? s.evidence.sentence : '', actors: s.actors || [],
    };
    row.base = row.weight * row.factor;
    rows.push(row);
    push(groups, `s:${s.type}`, row);
    if (info.escalatory && (s.modality === 'ASSERTED' || s.modality === 'REPORTED') && MATERIAL.has(s.type)) material = true;
  }
  for (const e of analysis.events || []) {
    if (e.modality === 'NEGATED' || covered(e, signals)) continue;
    const info = categoryInfo.get(e.category) || { goldstein: 0, conflictual: true };
    const row = {
      kind: 'event', name: e.category, modality: e.modality, weight: 0.5 * Math.abs(info.goldstein),
      factor: factor(e.modality), escalatory: info.conflictual, sentence: e.evidence ? e.evidence.sentence : '',
      actors: [e.source, e.target].filter(Boolean),
    };
    row.base = row.weight * row.factor;
    rows.push(row);
    push(groups, `e:${e.category}`, row);
    if ((e.category === 'ASSAULT' || e.category === 'COERCE') && e.modality !== 'HYPOTHETICAL') material = true;
  }
  let escalation = 0;
  let deescalation = 0;
  for (const group of groups.values()) {
    group.sort((a, b) => b.base - a.base);
    group.forEach((row, k) => {
      row.repetition = 1 / (k + 1);
      row.contribution = row.base * row.repetition;
      if (row.escalatory) escalation += row.contribution;
      else deescalation += row.contribution;
    });
  }
  rows.sort((a, b) => b.contribution - a.contribution || a.name.localeCompare(b.name));
  const raw = saturate(escalation);
  const escalationScore = material ? raw : Math.min(raw, VERBAL_ONLY_CAP);
  return {
    rows,
    escalationSum: escalation,
    deescalationSum: deescalation,
    escalationScore,
    deescalationScore: saturate(deescalation),
    material,
    capped: !material && raw > VERBAL_ONLY_CAP,
  };
}

function push(map, key, row) {
  if (!map.has(key)) map.set(key, []);
  map.get(key).push(row);
}
