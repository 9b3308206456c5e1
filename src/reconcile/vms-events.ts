import { type EventBlock, textAt } from '../vms/index.js';
import { NO_CAMERA, type TimeWindow, VMS_ACTIONS, type VmsAction, type VmsEvents } from './model.js';
import { Interner } from './names.js';

/**
 * Fills `VmsEvents` straight from decoded blocks: a block's texts are mapped to the shared
 * text table once per block, and its events are copied column by column.
 */
export class VmsEventsBuilder {
  private count = 0;
  private readonly texts = new Interner();
  private readonly id: Float64Array;
  private readonly occurredAt: Float64Array;
  private readonly footageFrom: Float64Array;
  private readonly footageTo: Float64Array;
  private readonly action: Uint8Array;
  private readonly vmsUser: Int32Array;
  private readonly cameraName: Int32Array;
  private readonly importSiteId: Int32Array;

  /** `capacity`: at most this many events are added. */
  constructor(capacity: number) {
    this.id = new Float64Array(capacity);
    this.occurredAt = new Float64Array(capacity);
    this.footageFrom = new Float64Array(capacity);
    this.footageTo = new Float64Array(capacity);
    this.action = new Uint8Array(capacity);
    this.vmsUser = new Int32Array(capacity);
    this.cameraName = new Int32Array(capacity);
    this.importSiteId = new Int32Array(capacity);
  }

  /** The block's events with `occurredAt` in `range`; `importSiteId` is the site of its import. */
  addBlock(b: EventBlock, importSiteId: string, range: TimeWindow): void {
    const text = b.strings.map((s) => this.texts.intern(s));
    const actionCode = b.strings.map((s) => VMS_ACTIONS.indexOf(s as VmsAction));
    const site = this.texts.intern(importSiteId);
    for (let j = 0; j < b.count; j++) {
      const occurredAt = b.time[j] as number;
      if (occurredAt < range.from || occurredAt >= range.to) continue;
      const i = this.count++;
      this.id[i] = b.firstEventId + j;
      this.occurredAt[i] = occurredAt;
      this.footageFrom[i] = b.footageFrom?.[j] ?? Number.NaN;
      this.footageTo[i] = b.footageTo?.[j] ?? Number.NaN;
      const action = actionCode[b.action[j] as number] as number;
      // The importer stores classified actions only: anything else is a misread block.
      if (action < 0) throw new Error(`camera-system event ${b.firstEventId + j} has an unknown action`);
      this.action[i] = action;
      const user = b.user[j] as number;
      // The importer refuses a row without a user: a block with one is misread.
      if (textAt(b.strings, user) === null)
        throw new Error(`camera-system event ${b.firstEventId + j} has no VMS user`);
      this.vmsUser[i] = text[user] as number;
      const camera = b.camera[j] as number;
      this.cameraName[i] = textAt(b.strings, camera) === null ? NO_CAMERA : (text[camera] as number);
      this.importSiteId[i] = site;
    }
  }

  build(): VmsEvents {
    const n = this.count;
    return {
      count: n,
      id: this.id.subarray(0, n),
      occurredAt: this.occurredAt.subarray(0, n),
      footageFrom: this.footageFrom.subarray(0, n),
      footageTo: this.footageTo.subarray(0, n),
      action: this.action.subarray(0, n),
      vmsUser: this.vmsUser.subarray(0, n),
      cameraName: this.cameraName.subarray(0, n),
      importSiteId: this.importSiteId.subarray(0, n),
      texts: this.texts.values,
    };
  }
}

export const noVmsEvents = (): VmsEvents => new VmsEventsBuilder(0).build();
