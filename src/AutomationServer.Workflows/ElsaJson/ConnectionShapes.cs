using System.Text.Json.Nodes;
using AutomationServer.Workflows.Definitions;

namespace AutomationServer.Workflows.ElsaJson;

/// <summary>
/// Reads a flowchart connection in either shape Elsa 3 has written:
/// current <c>{"source":{"activity":"a","port":"Done"},"target":{"activity":"b","port":"In"}}</c> and
/// legacy <c>{"source":"a","target":"b","sourcePort":"Done","targetPort":"In"}</c>,
/// rewriting legacy endpoints in place into the current shape.
/// </summary>
internal static class ConnectionShapes
{
    private const string LegacySourcePort = "sourcePort";
    private const string LegacyTargetPort = "targetPort";

    /// <summary>The connection, or null with <paramref name="error"/> naming the offending field (relative to the connection).</summary>
    public static ConnectionModel? ReadAndNormalize(JsonObject connection, out (string Field, string Message)? error)
    {
        var source = ReadEndpoint(connection, "source", LegacySourcePort, portRequired: true, out error);
        if (source is null)
        {
            return null;
        }

        var target = ReadEndpoint(connection, "target", LegacyTargetPort, portRequired: false, out error);
        if (target is null)
        {
            return null;
        }

        // Rewrite only once both ends are understood, so a rejected connection stays exactly as it arrived.
        if (source.Value.Legacy)
        {
            connection["source"] = Endpoint(source.Value.Activity, source.Value.Port);
            connection.Remove(LegacySourcePort);
        }

        if (target.Value.Legacy)
        {
            connection["target"] = Endpoint(target.Value.Activity, target.Value.Port);
            connection.Remove(LegacyTargetPort);
        }

        return new ConnectionModel(source.Value.Activity, source.Value.Port!, target.Value.Activity, target.Value.Port);
    }

    private static (string Activity, string? Port, bool Legacy)? ReadEndpoint(
        JsonObject connection, string name, string legacyPortName, bool portRequired, out (string Field, string Message)? error)
    {
        error = null;
        var node = connection[name];
        if (JsonAccess.AsString(node) is { } legacyActivity)
        {
            if (legacyActivity.Length == 0)
            {
                error = (name, $"The connection's {name} is an empty activity id.");
                return null;
            }

            var portNode = connection[legacyPortName];
            var legacyPort = JsonAccess.AsString(portNode);
            if ((legacyPort is null && (portRequired || portNode is not null)) || legacyPort?.Length == 0)
            {
                error = (legacyPortName, $"The connection's {legacyPortName} must be a port name, not {JsonAccess.Describe(portNode)}.");
                return null;
            }

            return (legacyActivity, legacyPort, true);
        }

        if (node is not JsonObject endpoint)
        {
            error = (name, $"The connection's {name} must be an object with 'activity' and 'port', not {JsonAccess.Describe(node)}.");
            return null;
        }

        var activity = JsonAccess.AsString(endpoint["activity"]);
        if (string.IsNullOrEmpty(activity))
        {
            error = (name + ".activity", $"The connection's {name} must name an activity id, not {JsonAccess.Describe(endpoint["activity"])}.");
            return null;
        }

        var port = JsonAccess.AsString(endpoint["port"]);
        if ((port is null && (portRequired || endpoint["port"] is not null)) || port?.Length == 0)
        {
            error = (name + ".port", $"The connection's {name} port must be a port name, not {JsonAccess.Describe(endpoint["port"])}.");
            return null;
        }

        return (activity, port, false);
    }

    private static JsonObject Endpoint(string activity, string? port)
    {
        var endpoint = new JsonObject { ["activity"] = activity };
        if (port is not null)
        {
            endpoint["port"] = port;
        }

        return endpoint;
    }
}
