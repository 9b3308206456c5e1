import type { Grounds, Viewing } from '../../protocol/index.js';
import { formatTime, type Messages } from '../messages/index.js';
import { usePage } from '../render.js';

export interface Names {
  sites: ReadonlyMap<string, string>;
  cameras: ReadonlyMap<string, string>;
}

type Field = keyof Viewing;
const shown: readonly Field[] = [
  'viewedAt',
  'siteId',
  'cameraIds',
  'description',
  'footageFrom',
  'footageTo',
  'footageTimeEstimated',
  'grounds',
  'justification',
  'decidedBy',
  'viewerName',
  'requestId',
  'recordedAt',
];

function label(m: Messages, field: Field): string {
  switch (field) {
    case 'viewedAt':
      return m.viewedAt;
    case 'siteId':
      return m.site;
    case 'cameraIds':
      return m.cameras;
    case 'description':
      return m.description;
    case 'footageFrom':
      return `${m.footage}: ${m.footageFrom.toLowerCase()}`;
    case 'footageTo':
      return `${m.footage}: ${m.footageTo.toLowerCase()}`;
    case 'footageTimeEstimated':
      return m.footageEstimated;
    case 'grounds':
      return m.grounds;
    case 'justification':
      return m.justification;
    case 'decidedBy':
      return m.decider;
    case 'viewerName':
      return m.viewer;
    case 'requestId':
      return m.request;
    default:
      return m.receiptRecordedAt;
  }
}

function value(m: Messages, names: Names, v: Partial<Viewing>, field: Field): string {
  switch (field) {
    case 'viewedAt':
    case 'footageFrom':
    case 'footageTo':
    case 'recordedAt':
      return v[field] ? formatTime(m, v[field]) : m.valueNone;
    case 'siteId':
      return names.sites.get(v.siteId ?? '') ?? v.siteId ?? m.valueNone;
    case 'cameraIds':
      return (v.cameraIds ?? []).map((id) => names.cameras.get(id) ?? id).join(', ');
    case 'footageTimeEstimated':
      return v.footageTimeEstimated ? m.yes : m.no;
    case 'grounds':
      return m.groundsValues[v.grounds as Grounds]?.label ?? String(v.grounds);
    case 'decidedBy':
      return v.decidedBy?.name ?? m.valueNone;
    default: {
      const raw = v[field];
      return raw === null || raw === undefined || raw === '' ? m.valueNone : String(raw);
    }
  }
}

/** An entry's values, or only the fields an amendment changed. Every value is text. */
export function ViewingFacts({ v, names, only }: { v: Partial<Viewing>; names: Names; only?: boolean }) {
  const { m } = usePage();
  const fields = only ? shown.filter((f) => f in v) : shown;
  return (
    <dl class="facts">
      {fields.map((f) => (
        <>
          <dt>{label(m, f)}</dt>
          <dd>{value(m, names, v, f)}</dd>
        </>
      ))}
    </dl>
  );
}
