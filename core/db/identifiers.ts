// SQL identifiers that core/db puts into statement text (schema and table names).

/** Schema names we generate and put into SQL unquoted: lower case, digits, underscores. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a plain schema name: ${JSON.stringify(schema)}`);
}

/** A quoted identifier, for names read from the catalog. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
