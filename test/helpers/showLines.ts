// Comparing `show` lines of two reads of the same object: values that move by themselves are compared
// by name, and dependency lists as sets (systemd lists them in its hash table's order, which may
// change between two reads when the table grows).
const DEPENDENCIES =
  /^(Requires|Requisite|Wants|BindsTo|PartOf|Upholds|RequiredBy|RequisiteOf|WantedBy|BoundBy|UpheldBy|ConsistsOf|Conflicts|ConflictedBy|Before|After|OnFailure|OnFailureOf|OnSuccess|OnSuccessOf|Triggers|TriggeredBy|PropagatesReloadTo|ReloadPropagatedFrom|PropagatesStopTo|StopPropagatedFrom|JoinsNamespaceOf|SliceOf|References|ReferencedBy|RequiresMountsFor)=/;

export const normalized =
  (moving: RegExp) =>
  (line: string): string => {
    if (moving.test(line)) return line.slice(0, line.indexOf('=') + 1);
    if (DEPENDENCIES.test(line)) return `${line.slice(0, line.indexOf('=') + 1)}${line.slice(line.indexOf('=') + 1).split(' ').sort().join(' ')}`;
    return line;
  };
