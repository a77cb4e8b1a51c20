/**
 * Just enough of a Bicep reader for the infrastructure tests: the declarations (`param`,
 * `resource`) and the property paths each resource body sets. Not a Bicep compiler: it relies on
 * the formatting `bicep format` produces (one property per line, objects and arrays opened at the
 * end of the line that names them).
 */

/** A `resource name 'type@apiVersion' [existing] = [if (...)] { ... }` declaration. */
export interface BicepResource {
  readonly symbol: string;
  /** E.g. `Microsoft.Web/sites`. */
  readonly type: string;
  readonly apiVersion: string;
  readonly existing: boolean;
  /** The body's text, braces included. */
  readonly body: string;
  /**
   * Every property path set in the body, e.g. `properties.siteConfig.minTlsVersion`; items of
   * arrays appear as `[]` (`properties.ipRules[].value`).
   */
  readonly paths: readonly string[];
  /** The source text of each single-line value, by path (`'1.2'`, `true`, `botTenant`). */
  readonly values: ReadonlyMap<string, string>;
}

/** A `param name type [= default]` declaration with the decorators above it. */
export interface BicepParameter {
  readonly name: string;
  readonly type: string;
  /** The default's source text, or undefined when the parameter has none. */
  readonly defaultValue?: string;
  readonly decorators: string;
}

/**
 * Blanks out comments and the contents of string literals (keeping interpolation holes and the
 * length of the text), so that braces and colons can be counted safely.
 */
export function maskBicep(source: string): string {
  const out = source.split('');
  let i = 0;
  // Each entry: the brace depth at which an interpolation hole returns to its string.
  const holes: number[] = [];
  let depth = 0;
  let inString = false;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (inString) {
      if (c === '\\') {
        out[i] = ' ';
        if (i + 1 < source.length && source[i + 1] !== '\n') out[i + 1] = ' ';
        i += 2;
        continue;
      }
      if (c === "'") {
        inString = false;
        i += 1;
        continue;
      }
      if (c === '$' && next === '{') {
        holes.push(depth);
        depth += 1;
        inString = false;
        i += 2;
        continue;
      }
      if (c !== '\n') out[i] = ' ';
      i += 1;
      continue;
    }
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') out[i++] = ' ';
      continue;
    }
    if (c === '/' && next === '*') {
      while (i < source.length && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] !== '\n') out[i] = ' ';
        i += 1;
      }
      out[i] = ' ';
      if (i + 1 < source.length) out[i + 1] = ' ';
      i += 2;
      continue;
    }
    if (c === "'") {
      inString = true;
      i += 1;
      continue;
    }
    if (c === '{') depth += 1;
    if (c === '}') {
      depth -= 1;
      if (holes.length > 0 && holes[holes.length - 1] === depth) {
        holes.pop();
        inString = true;
      }
    }
    i += 1;
  }
  return out.join('');
}

/** The index of the bracket closing the one at `open`, in masked text. */
function closing(masked: string, open: number): number {
  const pairs: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  const stack: string[] = [];
  for (let i = open; i < masked.length; i += 1) {
    const c = masked[i]!;
    if (c in pairs) stack.push(pairs[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`unbalanced bracket at offset ${open}`);
}

/** The property paths an object body (masked, braces included) sets. */
function objectPaths(
  masked: string,
  source: string,
  prefix: string,
  values?: Map<string, string>,
): string[] {
  const paths: string[] = [];
  const inner = masked.slice(1, -1);
  const innerSource = source.slice(1, -1);
  let i = 0;
  while (i < inner.length) {
    const lineEnd = inner.indexOf('\n', i) === -1 ? inner.length : inner.indexOf('\n', i);
    const line = inner.slice(i, lineEnd);
    // An identifier key, or a quoted one (its text is blank in the masked copy).
    const match = /^\s*([A-Za-z_$][\w$]*|'[^']*')\s*:/.exec(line);
    if (!match) {
      i = lineEnd + 1;
      continue;
    }
    const keyStart = i + line.indexOf(match[1]!);
    const key = match[1]!.startsWith("'")
      ? innerSource.slice(keyStart + 1, keyStart + match[1]!.length - 1)
      : match[1]!;
    const path = prefix ? `${prefix}.${key}` : key;
    paths.push(path);
    const valueStart = i + match[0].length;
    const rest = inner.slice(valueStart, lineEnd).trim();
    if (rest === '{' || rest === '[') {
      const open = inner.indexOf(rest, valueStart);
      const close = closing(inner, open);
      const block = inner.slice(open, close + 1);
      const blockSource = innerSource.slice(open, close + 1);
      if (rest === '{') paths.push(...objectPaths(block, blockSource, path, values));
      else paths.push(...arrayPaths(block, blockSource, `${path}[]`, values));
      i = inner.indexOf('\n', close) === -1 ? inner.length : inner.indexOf('\n', close) + 1;
      continue;
    }
    // A value spanning lines (a function call, a ternary of objects): skip past its brackets.
    values?.set(
      path,
      innerSource
        .slice(valueStart, lineEnd)
        .replace(/\/\/.*$/, '')
        .trim(),
    );
    let end = lineEnd;
    for (let j = valueStart; j < end; j += 1) {
      const c = inner[j]!;
      if (c === '{' || c === '[' || c === '(') {
        j = closing(inner, j);
        if (j > end) end = inner.indexOf('\n', j) === -1 ? inner.length : inner.indexOf('\n', j);
      }
    }
    i = end + 1;
  }
  return paths;
}

function arrayPaths(
  masked: string,
  source: string,
  prefix: string,
  values?: Map<string, string>,
): string[] {
  const paths: string[] = [];
  for (let i = 1; i < masked.length - 1; i += 1) {
    if (masked[i] === '{') {
      const close = closing(masked, i);
      paths.push(
        ...objectPaths(masked.slice(i, close + 1), source.slice(i, close + 1), prefix, values),
      );
      i = close;
    } else if (masked[i] === '[' || masked[i] === '(') {
      i = closing(masked, i);
    }
  }
  return paths;
}

/** Every resource declaration of a Bicep file. */
export function parseResources(source: string): BicepResource[] {
  const masked = maskBicep(source);
  const resources: BicepResource[] = [];
  const declaration =
    /^resource\s+(\w+)\s+'([^'@]+)@([^']+)'\s+(existing\s+)?=\s*(?:if\s*\(|\{|\[)/gm;
  for (const match of source.matchAll(declaration)) {
    const start = match.index;
    // The body: the first `{` at the top level after `=` and any `if (...)`.
    let open = masked.indexOf('=', start) + 1;
    while (masked[open] !== '{') {
      if (masked[open] === '(') open = closing(masked, open);
      open += 1;
    }
    const close = closing(masked, open);
    const values = new Map<string, string>();
    resources.push({
      symbol: match[1]!,
      type: match[2]!,
      apiVersion: match[3]!,
      existing: Boolean(match[4]),
      body: source.slice(open, close + 1),
      paths: objectPaths(masked.slice(open, close + 1), source.slice(open, close + 1), '', values),
      values,
    });
  }
  return resources;
}

/** Every parameter declaration of a Bicep file. */
export function parseParameters(source: string): BicepParameter[] {
  const masked = maskBicep(source);
  const parameters: BicepParameter[] = [];
  const lines = source.split('\n');
  const maskedLines = masked.split('\n');
  let decorators: string[] = [];
  for (let n = 0; n < lines.length; n += 1) {
    const line = lines[n]!;
    const maskedLine = maskedLines[n]!;
    if (/^@/.test(maskedLine)) {
      // A decorator may span lines (@allowed([ ... ])).
      let text = line;
      let balance = (maskedLine.match(/[([]/g) ?? []).length;
      balance -= (maskedLine.match(/[)\]]/g) ?? []).length;
      while (balance > 0 && n + 1 < lines.length) {
        n += 1;
        text += `\n${lines[n]!}`;
        balance += (maskedLines[n]!.match(/[([]/g) ?? []).length;
        balance -= (maskedLines[n]!.match(/[)\]]/g) ?? []).length;
      }
      decorators.push(text);
      continue;
    }
    const match = /^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.*))?$/.exec(line.trim());
    if (match) {
      parameters.push({
        name: match[1]!,
        type: match[2]!,
        defaultValue: match[3],
        decorators: decorators.join('\n'),
      });
    }
    if (maskedLine.trim() !== '') decorators = [];
  }
  return parameters;
}

/** The keys of a top-level `var name = { ... }` object. */
export function variableObjectKeys(source: string, name: string): string[] {
  const masked = maskBicep(source);
  const match = new RegExp(`^var\\s+${name}\\s*=\\s*\\{`, 'm').exec(masked);
  if (!match) throw new Error(`no object variable ${name}`);
  const open = match.index + match[0].length - 1;
  const close = closing(masked, open);
  return objectPaths(masked.slice(open, close + 1), source.slice(open, close + 1), '').filter(
    (path) => !path.includes('.'),
  );
}

/** The source text of the value of key `key` in the top-level `var name = { ... }` object. */
export function variableObjectValue(source: string, name: string, key: string): string {
  const masked = maskBicep(source);
  const match = new RegExp(`^var\\s+${name}\\s*=\\s*\\{`, 'm').exec(masked);
  if (!match) throw new Error(`no object variable ${name}`);
  const open = match.index + match[0].length - 1;
  const close = closing(masked, open);
  const body = source.slice(open, close + 1);
  const line = new RegExp(`^\\s*${key}\\s*:\\s*(.*)$`, 'm').exec(body);
  if (!line) throw new Error(`${name} has no key ${key}`);
  return line[1]!.trim();
}
