// The app is a map: every page needs a browser (WebGL), so pages render on the client. Set at the
// root so error pages render the same way (SvelteKit leaves the layout out of the server build
// when no page under it renders on the server).
export const ssr = false;
