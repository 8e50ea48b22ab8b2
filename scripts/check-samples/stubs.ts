import ts from 'typescript';

/**
 * Client code imports the bindings `spacetime generate` writes for the reader's own module
 * (`./module_bindings`, `../module_bindings/types`); samples cannot have them, so those imports
 * resolve to a stub. So do packages that are not installed here (vue, next, ...).
 */
export function isBindingsSpecifier(specifier: string): boolean {
  return /(?:^|\/)module_bindings(?:\/|$)/.test(specifier);
}

export interface ImportedNames {
  specifier: string;
  /** The names the file takes from the module (`default` for a default import). */
  names: string[];
}

/**
 * The modules a file imports or re-exports from, each with the names it uses: named imports,
 * `default`, and for `import * as ns` every `ns.name` the file mentions.
 */
export function collectImportedNames(source: ts.SourceFile): ImportedNames[] {
  const result: ImportedNames[] = [];
  const namespaces = new Map<string, string[]>(); // local namespace name -> names used on it
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const names: string[] = [];
      const clause = statement.importClause;
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) names.push((element.propertyName ?? element.name).text);
      } else if (bindings && ts.isNamespaceImport(bindings)) {
        namespaces.set(bindings.name.text, names);
      }
      result.push({ specifier: statement.moduleSpecifier.text, names });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const names: string[] = [];
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) names.push((element.propertyName ?? element.name).text);
      }
      result.push({ specifier: statement.moduleSpecifier.text, names });
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      result.push({ specifier: statement.moduleReference.expression.text, names: [] });
    }
  }
  if (namespaces.size > 0) {
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && ts.isIdentifier(node.name)) {
        namespaces.get(node.expression.text)?.push(node.name.text);
      } else if (ts.isQualifiedName(node) && ts.isIdentifier(node.left)) {
        namespaces.get(node.left.text)?.push(node.right.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return result;
}

/**
 * A declaration file exporting each name as both a value and a (generic) type of type `any`,
 * plus a default export, so that any use of the module type-checks while the code around it is
 * still checked for real.
 */
export function stubModuleText(specifier: string, names: Iterable<string>): string {
  const lines = [`// Stub for ${JSON.stringify(specifier)}: generated bindings or a package that is not installed.`];
  lines.push('declare const __stub: any;', 'export default __stub;');
  for (const name of [...new Set(names)].sort()) {
    if (name === 'default' || !/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    lines.push(`export declare const ${name}: any;`, `export type ${name}<A = any, B = any, C = any, D = any> = any;`);
  }
  return `${lines.join('\n')}\n`;
}
