export {
  type Copy,
  type CopyFilter,
  closeRequest,
  deliverCopy,
  destroyCopy,
  listCopies,
  makeCopy,
} from './copies.js';
export {
  decideRequest,
  footageDeletedAt,
  getRequest,
  listRequests,
  type OutsideRequest,
  type RequestSettings,
  type RequestStatus,
  registerRequest,
  requestHistory,
  requestSettingsOf,
} from './requests.js';
export {
  channelValues,
  closureSchema,
  decisionSchema,
  deliverySchema,
  destructionSchema,
  newCopySchema,
  newRequestSchema,
} from './schemas.js';
