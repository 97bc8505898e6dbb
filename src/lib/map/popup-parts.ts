/**
 * What a feature's popup is made of, fetched at the first click on an object (FeaturePopups) or
 * when the analysis shows a scene: a map page that is only looked at does not download it (issue 14).
 */
export { popupInfo } from './feature-info';
export { openFeaturePopup } from './feature-popup';
