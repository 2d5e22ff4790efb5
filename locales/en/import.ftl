# import: the summary `sibyl import` prints (src/commands/import.rs): what was found in a
# public record and what is left to fill in. Paths such as `deal.period` or
# `metrics.*.kind` name places in the files and stay as they are; so do file names and
# `sibyl check`. Numbers and amounts reach a message already written as the language
# writes them. Lines are indented by the code.

# $project: the record's project id (INDIGO-POJ-0131); $name: the project's name.
import-title = { $project } "{ $name }"
# $path: the file the contract skeleton was written to.
import-contract-file = contract skeleton: { $path }
import-contract-stdout = contract skeleton: on standard output
# $path: the file the observed outcomes were written to.
import-observed-file = observed outcomes: { $path }
import-observed-none = observed outcomes: none, the record counts no outcomes
# $counts: how many outcome counts the record holds.
import-observed-not-asked = observed outcomes: the record has { $counts } outcome counts; add --observed FILE to write them
# What was read from the record; each variable a number.
import-found = found: parties { $parties }, outcome metrics { $metrics }, prices { $prices }, tranches { $tranches }, outcome counts { $counts }
# $count: how many values are marked TODO in the files; the places follow, one a line.
import-todo = to fill in, marked TODO in the files: { $count }
import-todo-none = nothing is left marked TODO
# After the first places listed: $count more places.
import-todo-more = … and { $count } more
# $amount: the total outcome payments the record states, with its currency.
import-recorded = outcome payments the record states: { $amount }
# $amount: what the rate card pays for the observed counts before caps, with its currency.
import-computed = the prices at the observed counts pay { $amount } before caps
# $tables: the file names of the tables the folder lacks, comma-separated.
import-missing = tables not in the folder, not read: { $tables }
import-valid = the files pass `sibyl check` as they are
import-invalid = the files do not pass `sibyl check` yet: see the warnings above
# $path: the JSON file the project record was read from.
import-from-record = read from the project record in JSON: { $path }
# $count: how many parties have no name because the record lists no organisations.
import-no-organisations = the record lists no organisations, so party names are marked TODO: { $count } (INDIGO's API adds the organisations to a record; the project schema alone has none)
