using System.Text;
using AutomationServer.Audience.Segments.Sql;

namespace AutomationServer.Audience.Scoring;

/// <summary>The stage a contact row <c>c</c> belongs in: the first automatic stage (highest first) whose condition holds, else NULL.</summary>
internal static class StageSql
{
    public static string TargetStage(SegmentSqlTranslator translator, SqlParameters parameters, IReadOnlyList<StageRule> automaticStages)
    {
        var sql = new StringBuilder("CASE");
        foreach (var stage in automaticStages)
        {
            sql.Append($" WHEN {translator.Predicate(stage.Condition!)} THEN {parameters.Add(stage.Stage)}");
        }

        return sql.Append(" END").ToString();
    }
}
