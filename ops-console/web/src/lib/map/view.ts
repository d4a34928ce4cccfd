/** Hoàn Kiếm, the centre of Hà Nội: [longitude, latitude] as MapLibre and deck.gl take them. */
export const HANOI_CENTER: [number, number] = [105.8542, 21.0285];
/** Shows the urban districts on a 1080p wall with the ring roads inside the frame. */
export const HANOI_ZOOM = 10.5;
/** Close enough to tell one building's alarm from its neighbour's. */
export const INCIDENT_ZOOM = 15;
