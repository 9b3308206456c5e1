export {
  type Camera,
  createCamera,
  createSite,
  getCameras,
  getSite,
  listCameras,
  listSites,
  newCameraSchema,
  newSiteSchema,
  regionSites,
  type Site,
  seedRegionSites,
} from './sites.js';
