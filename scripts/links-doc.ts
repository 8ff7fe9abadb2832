/** Prints the generated tables of docs/links.md (field bounds, hide keys): paste them when the tables change. */
import { boundsTable, hideTable } from '../src/share/docsTables.ts';

console.log(`${boundsTable()}\n\n${hideTable()}`);
