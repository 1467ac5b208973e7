/**
 * TypeDoc plugin: a "Live demo" link at the top of every page's sidebar, to the demo page that
 * `npm run docs` builds into `<out>/demo/` (docs/demo/, Vite) after typedoc has written the site.
 * The link is relative to each page (`context.relativeURL`), so the site works from any folder
 * and from static hosting; a markdown link could not say this (typedoc resolves relative links
 * in markdown to source files).
 */
import { JSX } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.renderer.hooks.on('sidebar.begin', (context) =>
    JSX.createElement('div', { class: 'tsd-panel umq-demo-link' },
      JSX.createElement('a', { href: context.relativeURL('demo/index.html'), id: 'umq-demo-link' }, '▶ Live demo: UMQ in your browser')),
  );
}
