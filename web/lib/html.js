/** Markup for Preact components as tagged templates (htm): no JSX, so no build step. */
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);

/** Class names from a list where falsy entries are left out. */
export const classes = (...names) => names.filter(Boolean).join(' ');
