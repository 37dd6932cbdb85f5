namespace AutomationServer.Workflows.Expressions.JavaScript;

/// <summary>
/// A script run once on every pooled engine before its clean state is captured. It freezes every built-in
/// object reachable from the global object (and the iterator and generator prototypes that are not), so no
/// evaluation can leave a change in <c>Array.prototype</c> or <c>Math</c> for the next one; the global
/// bindings themselves are reset by the engine's global snapshot instead. Before freezing, the properties
/// that scripts commonly shadow (<c>toString</c>, <c>name</c>, <c>message</c>...) become accessors whose
/// setter gives the object its own property, so that assigning them still works on a frozen prototype.
/// </summary>
internal static class BuiltInFreezer
{
    public const string Script = """
        (function () {
          const shadowable = (target, names) => {
            for (const name of names) {
              const d = Object.getOwnPropertyDescriptor(target, name);
              if (!d || !('value' in d) || !d.configurable) continue;
              const original = d.value;
              Object.defineProperty(target, name, {
                get() { return original; },
                set(value) {
                  if (this === target) throw new TypeError("Cannot assign to read only property '" + name + "' of a built-in object");
                  Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
                },
                enumerable: d.enumerable,
                configurable: false,
              });
            }
          };
          shadowable(Object.prototype, ['toString', 'toLocaleString', 'valueOf', 'constructor']);
          for (const error of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, globalThis.AggregateError]) {
            if (error) shadowable(error.prototype, ['name', 'message', 'toString', 'constructor']);
          }

          const seen = new Set([globalThis]);
          const freeze = (o) => {
            if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
            seen.add(o);
            Object.freeze(o);
            for (const key of Reflect.ownKeys(o)) {
              const d = Object.getOwnPropertyDescriptor(o, key);
              if (!d) continue;
              if ('value' in d) freeze(d.value); else { freeze(d.get); freeze(d.set); }
            }
            freeze(Object.getPrototypeOf(o));
          };
          for (const key of Reflect.ownKeys(globalThis)) {
            const d = Object.getOwnPropertyDescriptor(globalThis, key);
            if (d && 'value' in d) freeze(d.value);
          }
          const hidden = [
            () => function* () {},
            () => async function () {},
            () => async function* () {},
            () => [][Symbol.iterator](),
            () => new Map().entries(),
            () => new Set().values(),
            () => ''[Symbol.iterator](),
            () => /a/[Symbol.matchAll](''),
            () => (function* () {})(),
          ];
          for (const make of hidden) {
            try { freeze(Object.getPrototypeOf(make())); } catch { }
          }
          return seen.size;
        })();
        """;
}
