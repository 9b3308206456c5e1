import { utcIso } from '../../time.js';
import { ActionMatcher } from './action-matcher.js';
import { type CellValue, cellText, isEmptyCell } from './cell-value.js';
import { FootageRange } from './footage-range.js';
import { RowIssues } from './row-issues.js';
import { RowTime } from './row-time.js';
import type { VmsReadItem } from './vms-event.js';
import { VMS_FIELDS, type VmsField, type VmsProfile } from './vms-profile.schema.js';
import type { ZoneResolver } from './zone-resolver.js';

/**
 * Turns one record's cells (picked out by a reader, in VMS_FIELDS order) into its event(s), or
 * into errors naming line and column. Shared by the CSV, XLSX and JSON readers so that all three
 * apply a profile the same way. This runs once per row of a possibly million-row file, so it
 * allocates little beyond the event itself.
 */

export type { CellValue } from './cell-value.js';

export const FIELD = Object.fromEntries(VMS_FIELDS.map((f, i) => [f, i])) as Record<VmsField, number>;

/** Header names as the file spells them (or JSON key paths); absent when the file lacks the column. */
export type ColumnLabels = Partial<Record<VmsField, string>>;

export interface RecordMapperOptions {
  profile: VmsProfile;
  resolver: ZoneResolver;
  labels: ColumnLabels;
  /** Workbook numbers in time columns are Excel serial dates (a cell without a date style). */
  numbersAreExcelSerials: boolean;
}

export class RecordMapper {
  private readonly time: RowTime;
  private readonly footage: FootageRange;
  private readonly actions: ActionMatcher;
  private readonly issues = new RowIssues();
  private readonly userLabel: string;
  private readonly fillFields: number[];
  private readonly fillLast: CellValue[] = [];

  constructor(o: RecordMapperOptions) {
    const label = (f: VmsField) => o.labels[f] ?? f;
    this.time = new RowTime({
      profile: o.profile,
      resolver: o.resolver,
      timeLabel: label('time'),
      dateLabel: o.profile.columns.date === undefined ? null : label('date'),
      numbersAreExcelSerials: o.numbersAreExcelSerials,
    });
    const footageLabels = {
      from: o.labels.footageFrom ?? null,
      to: o.labels.footageTo ?? null,
      message: label('message'),
    };
    this.footage = new FootageRange(o.profile, o.resolver, footageLabels, o.numbersAreExcelSerials);
    this.actions = new ActionMatcher(o.profile.actions);
    this.userLabel = label('user');
    this.fillFields = o.profile.forwardFill.map((f) => FIELD[f]);
  }

  /** Appends the record's event(s), or its errors, and any warnings, to `out`. */
  map(line: number, values: CellValue[], out: VmsReadItem[]): void {
    const issues = this.issues;
    issues.reset();
    if (this.fillFields.length > 0) this.forwardFill(values);

    const occurred = this.time.read(values[FIELD.time], values[FIELD.date], line, issues);
    const vmsUser = cellText(values[FIELD.user]);
    if (vmsUser === '') issues.add('error', line, this.userLabel, 'missing_value', 'no VMS user on this row');
    const message = cellText(values[FIELD.message]);
    const footage = this.footage;
    footage.read(values[FIELD.footageFrom], values[FIELD.footageTo], message, line, issues);

    if (issues.hasError) {
      for (const item of issues.items) if (item.kind === 'error') out.push(item);
      return;
    }
    for (const item of issues.items) out.push(item);

    const actionText = cellText(values[FIELD.action]);
    const host = cellText(values[FIELD.userHost]);
    const occurredAt = utcIso(occurred);
    const action = this.actions.classify(actionText);
    const camera = values[FIELD.camera];
    const cameras = Array.isArray(camera)
      ? camera.map((x) => cellText(x as CellValue)).filter((x) => x !== '')
      : null;
    const single = cameras === null ? cellText(camera) : null;
    for (const name of cameras === null || cameras.length === 0 ? [single] : cameras) {
      out.push({
        kind: 'event',
        event: {
          line,
          occurredAt,
          occurredMs: occurred,
          rawTime: this.time.text,
          vmsUser,
          userHost: host === '' ? null : host,
          cameraName: name === '' ? null : name,
          action,
          actionText,
          message,
          footageFrom: footage.from,
          footageTo: footage.to,
        },
      });
    }
  }

  private forwardFill(values: CellValue[]): void {
    for (const f of this.fillFields) {
      if (isEmptyCell(values[f])) values[f] = this.fillLast[f];
      else this.fillLast[f] = values[f];
    }
  }
}
