export {
  type AttentionList,
  type RequestAttention,
  requestAttention,
} from './attention.js';
export {
  type CopyFilter,
  closeRequest,
  deliverCopy,
  destroyCopy,
  listCopies,
  makeCopy,
} from './copies.js';
export { copyUndestroyed, overdueCopies, requestUndecided, undecidedNearDeletion } from './due-alerts.js';
export { countOverdueCopies } from './overdue-copies.js';
export {
  copySettingsOf,
  decideRequest,
  footageDeletedAt,
  getRequest,
  listRequests,
  type RequestSettings,
  registerRequest,
  requestHistory,
  requestSettingsOf,
} from './requests.js';
export {
  type Copy,
  channelValues,
  closureSchema,
  copySchema,
  decisionSchema,
  deliverySchema,
  destructionSchema,
  newCopySchema,
  newRequestSchema,
  type OutsideRequest,
  outsideRequestSchema,
  type RequestStatus,
  requestDetailSchema,
} from './schemas.js';
