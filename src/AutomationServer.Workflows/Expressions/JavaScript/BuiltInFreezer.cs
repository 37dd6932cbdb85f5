using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace AutomationServer.Workflows.Expressions.JavaScript;

/// <summary>
/// Freezes every built-in object of an engine before its clean state is captured, so no evaluation can leave a
/// change in <c>Array.prototype</c> or <c>Math</c> for the next one on the same engine (global bindings are reset
/// by the engine's global snapshot instead). Done through the object API rather than a script so that it
/// executes no statements and is not subject to the limits that scripts run under.
/// Before freezing, the properties scripts commonly shadow (<c>toString</c>, an error's <c>name</c> and
/// <c>message</c>...) become accessors whose setter gives the assigned object its own property; otherwise a
/// frozen prototype would make <c>this.name = 'OrderError'</c> silently do nothing.
/// </summary>
internal static class BuiltInFreezer
{
    private static readonly string[] ObjectShadowable = ["toString", "toLocaleString", "valueOf", "constructor"];
    private static readonly string[] ErrorShadowable = ["name", "message", "toString", "constructor"];
    private static readonly string[] ErrorConstructors = ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError"];

    /// <summary>Objects whose prototypes are built-ins that no global property leads to.</summary>
    private const string HiddenIntrinsics =
        "[function* () {}, async function () {}, async function* () {}, (function* () {})(), [][Symbol.iterator](), new Map().entries(), new Set().values(), ''[Symbol.iterator](), /a/[Symbol.matchAll]('')]";

    public static void Freeze(Engine engine)
    {
        MakeShadowable(engine, engine.Intrinsics.Object.PrototypeObject, ObjectShadowable);
        foreach (var name in ErrorConstructors)
        {
            if (engine.Global.Get(name) is ObjectInstance constructor && constructor.Get("prototype") is ObjectInstance prototype)
            {
                MakeShadowable(engine, prototype, ErrorShadowable);
            }
        }

        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance) { engine.Global };
        var pending = new Stack<ObjectInstance>();
        foreach (var key in engine.Global.GetOwnPropertyKeys(Types.String | Types.Symbol))
        {
            var descriptor = engine.Global.GetOwnProperty(key);
            if (descriptor.IsDataDescriptor())
            {
                Visit(descriptor.Value, seen, pending);
            }
        }

        if (engine.Evaluate(HiddenIntrinsics) is ObjectInstance hidden)
        {
            foreach (var item in ArrayItems(hidden))
            {
                Visit((item as ObjectInstance)?.Prototype, seen, pending);
            }
        }

        while (pending.TryPop(out var target))
        {
            FreezeOne(target, seen, pending);
        }
    }

    private static IEnumerable<JsValue> ArrayItems(ObjectInstance array)
    {
        var length = (uint)array.Get("length").AsNumber();
        for (uint i = 0; i < length; i++)
        {
            yield return array.Get(i);
        }
    }

    private static void Visit(JsValue? value, HashSet<ObjectInstance> seen, Stack<ObjectInstance> pending)
    {
        if (value is ObjectInstance target && seen.Add(target))
        {
            pending.Push(target);
        }
    }

    private static void FreezeOne(ObjectInstance target, HashSet<ObjectInstance> seen, Stack<ObjectInstance> pending)
    {
        target.PreventExtensions();
        foreach (var key in target.GetOwnPropertyKeys(Types.String | Types.Symbol))
        {
            var descriptor = target.GetOwnProperty(key);
            if (descriptor == PropertyDescriptor.Undefined)
            {
                continue;
            }

            if (descriptor.IsAccessorDescriptor())
            {
                Visit(descriptor.Get, seen, pending);
                Visit(descriptor.Set, seen, pending);
                target.DefineOwnProperty(key, new GetSetPropertyDescriptor(descriptor.Get, descriptor.Set, descriptor.Enumerable, configurable: false));
            }
            else
            {
                Visit(descriptor.Value, seen, pending);
                target.DefineOwnProperty(key, new PropertyDescriptor(descriptor.Value, writable: false, enumerable: descriptor.Enumerable, configurable: false));
            }
        }

        Visit(target.Prototype, seen, pending);
    }

    private static void MakeShadowable(Engine engine, ObjectInstance target, string[] names)
    {
        foreach (var name in names)
        {
            var descriptor = target.GetOwnProperty(name);
            if (!descriptor.IsDataDescriptor() || !descriptor.Configurable)
            {
                continue;
            }

            var original = descriptor.Value;
            var getter = new ClrFunction(engine, "get " + name, (_, _) => original);
            var setter = new ClrFunction(engine, "set " + name, (thisObject, arguments) =>
            {
                if (ReferenceEquals(thisObject, target))
                {
                    throw new JavaScriptException(engine.Intrinsics.TypeError, $"Cannot assign to read only property '{name}' of a built-in object");
                }

                if (thisObject is ObjectInstance receiver)
                {
                    receiver.DefineOwnProperty(name, new PropertyDescriptor(arguments.Length > 0 ? arguments[0] : JsValue.Undefined, PropertyFlag.ConfigurableEnumerableWritable));
                }

                return JsValue.Undefined;
            }, 1);
            target.DefineOwnProperty(name, new GetSetPropertyDescriptor(getter, setter, descriptor.Enumerable, configurable: false));
        }
    }
}
