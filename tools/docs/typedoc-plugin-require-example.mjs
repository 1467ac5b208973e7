/**
 * TypeDoc plugin: every top-level exported function, class and variable (every runtime value) of
 * an `@umq/*` package must carry an `@example` block (on the declaration or on one of its call
 * signatures). Interfaces and type aliases need a summary (typedoc's own `notDocumented`
 * validation) but no example of their own: the function or class that takes them shows them. A missing example is logged as a warning, which `treatWarningsAsErrors`
 * (root typedoc.json) turns into a failed build.
 */
import { Application, ReflectionKind } from 'typedoc';

const KINDS = ReflectionKind.Function | ReflectionKind.Class | ReflectionKind.Variable;

function hasExample(reflection) {
  const comments = [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)];
  return comments.some((c) => c?.blockTags.some((t) => t.tag === '@example'));
}

/** @param {Application} app */
export function load(app) {
  // In packages mode the event fires for each package and again for the merged project.
  const reported = new Set();
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const missing = [];
    for (const r of project.getReflectionsByKind(KINDS)) {
      if (!r.parent?.kindOf(ReflectionKind.SomeModule | ReflectionKind.Project)) continue;
      if (!project.getSymbolIdFromReflection(r)?.packageName.startsWith('@umq/')) continue;
      const pkg = project.getSymbolIdFromReflection(r).packageName;
      const full = r.getFriendlyFullName();
      const name = full.startsWith(`${pkg}.`) ? full : `${pkg}.${full}`;
      if (!hasExample(r) && !reported.has(name)) missing.push(name);
      reported.add(name);
    }
    for (const name of missing.sort()) {
      app.logger.warn(`${name} has no @example block (every public symbol needs a runnable example)`);
    }
  });
}
