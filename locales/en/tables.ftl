# tables
# The tables of `sibyl compare`, `sibyl stress`, `sibyl sensitivity` and `sibyl breakeven`.
# Numbers, amounts, percentages and multiples arrive formatted; names such as
# `tranche.bonds.moic`, `learning_gain` or a tranche's id are identifiers and stay as they
# are. Column headers should stay short: the tables are read in a terminal.

## Shared by the four tables

# After "amounts in GBP" when amounts are deflated to the money of period 0.
tables-terms-real = in real terms (period-0 money)
# After a title when a stress preset of the scenario applies. $preset: the preset's name.
tables-stress-preset = , stress preset { $preset }
# A cell for a figure that a design or a case does not have.
tables-na = n/a

## sibyl compare

# $designs: the number of designs with its noun ("3 designs"); $scenario: the scenario's
# name; $stress: nothing, or tables-stress-preset.
compare-title = { $designs } under "{ $scenario }"{ $stress }
# $trials: the number of trials with its noun ("2,000 trials"); $seed: the random seed;
# $currency: a currency code; $terms: nothing, or " " and tables-terms-real.
compare-subtitle = { $trials }, seed { $seed }, common random numbers; amounts in { $currency }{ $terms }; each design's figures are those of `sibyl run`
# The first column's header: rows show means, and P rows probabilities.
compare-header-mean = mean (P for probabilities)
# A column of differences from design [1]. $design: the other design's number.
# "se": the standard error.
compare-header-difference = [{ $design }]-[1] (se)
# A row label for an IRR shown as its median. $metric: the metric's name.
compare-row-median = { $metric } (median)
# The note under the table.
compare-note-differences = Differences are paired means over the trials where both designs define the metric (an IRR may be undefined in some; `n` in the JSON). Estimates of the whole run (pooled IRR: the IRR of the mean cash flows; cost per true outcome: expected paid / expected outcomes truly improved) are shown as values, their differences with paired delta-method errors.
# $times: how many times smaller, one decimal ("2.6").
compare-note-paired = Paired differences: standard errors are a median { $times } times smaller than with independent runs (`unpaired_se` in the JSON).
# The heading of a design's warnings. $design: the design's number.
compare-warnings = Warnings for [{ $design }]

## sibyl stress

# $deal: the deal's name; $scenario: the scenario's name.
stress-title = { $deal } under "{ $scenario }", stressed
# $trials: the number of trials with its noun ("2,000 trials"), run for each case;
# $seed: the random seed; $currency: a currency code; $terms: nothing, or " " and
# tables-terms-real.
stress-subtitle = { $trials } a case, seed { $seed }, common random numbers; amounts in { $currency }{ $terms } (means unless marked; the pooled IRR is the IRR of the mean cash flows)
# The first column's header: the case (the base, a preset, a built-in shock).
stress-header-case = case
# The base case's name in the first column and the list of cases.
stress-case-base = base
# Column headers. $tranche: a tranche's id; $payer: a payer's id.
# The probability that the tranche loses money.
stress-column-loss = { $tranche } P(loss)
# The mean multiple on invested capital.
stress-column-moic = { $tranche } MOIC
# The median IRR.
stress-column-irr-median = { $tranche } IRR p50
# The IRR of the mean cash flows.
stress-column-pooled-irr = { $tranche } pooled IRR
# The IRR (in the table of measured effects).
stress-column-irr = { $tranche } IRR
# The mean amount the payer pays.
stress-column-paid = { $payer } paid
# The probability that anything is paid.
stress-column-any-payment = P(any payment)
stress-changes-title = Change from the base (standard error of the paired difference)
stress-measured-title = What if every metric's measured effect were exactly X (the expected world otherwise, settled once, no noise)
# The first column's header of that table: the measured effect X.
stress-header-measured = measured effect
# The heading of the list of cases.
stress-cases = Cases
# What each case is.
stress-about-base = the scenario as written
stress-about-preset = a stress preset of the scenario
stress-about-effect-halved = the true effect on every metric is half the scenario's
stress-about-referrals-minus-30 = 30% fewer referrals to every cohort
# $periods: six months in the deal's periods with their noun ("2 quarters"), or
# stress-about-delay-rounded-up.
stress-about-delay = every cohort starts six months late ({ $periods })
# As stress-about-delay, and $cohort: the one cohort whose results then fall after the
# deal's end.
stress-about-delay-unpaid-one = every cohort starts six months late ({ $periods }); the results of { $cohort } then come after the deal ends and are never paid
# As stress-about-delay, and $cohorts: the cohorts (two or more) whose results then fall
# after the deal's end, comma-separated.
stress-about-delay-unpaid = every cohort starts six months late ({ $periods }); the results of { $cohorts } then come after the deal ends and are never paid
# For a deal counted in years. $periods: "1 year".
stress-about-delay-rounded-up = { $periods }, rounded up
# $period: the number of the deal's last period.
stress-about-terminated-year-2 = the payer ends the contract at the end of year 2 (period { $period } is the last)
stress-about-terminated-after-year-2 = the payer ends the contract as soon as the contract allows after year 2 (period { $period } is the last)

## sibyl sensitivity

# What the figures of a metric are, in the title's parentheses.
sensitivity-statistic-probability = probability
sensitivity-statistic-estimate = an estimate of the whole run, with its delta-method error
sensitivity-statistic-mean = mean over the trials where it is defined
# $metric: the metric's name; $statistic: one of the sensitivity-statistic messages;
# $deal: the deal's name; $scenario: the scenario's name; $stress: nothing, or
# tables-stress-preset.
sensitivity-title = Sensitivity of { $metric } ({ $statistic }) in { $deal } under "{ $scenario }"{ $stress }
# $trials: the number of trials with its noun, run for each case; $seed: the random seed;
# $currency: a currency code; $terms: nothing, or " " and tables-terms-real; $value: the
# metric with every assumption at its median; $se: its standard error.
sensitivity-subtitle = { $trials } per case, seed { $seed }; amounts in { $currency }{ $terms }; at every assumption's median: { $value } ({ $se })
sensitivity-tornado-title = Tornado: each assumption from its p10 to its p90, the others at their medians
# Column headers of the tornado: the assumption, the metric with the assumption at its
# p10 and at its p90, and the swing between the two with its standard error ("se").
sensitivity-header-assumption = assumption
sensitivity-header-at-p10 = at p10
sensitivity-header-at-p90 = at p90
sensitivity-header-swing = swing (se)
# Spearman's rank correlation coefficient.
sensitivity-header-rho = rho
# $metric: the metric's name.
sensitivity-rank-title = Rank correlations with { $metric } (Spearman, over the trials of the scenario as written)
sensitivity-rank-none = Rank correlations: none, as { $metric } is a figure of the whole run with no value per trial
# $metric: the metric's name; $undefined: in how many trials it is undefined; $trials: the
# trials in all; $count: the same as a number.
sensitivity-undefined = { $metric } is undefined in { $undefined } of { $trials } { $count ->
    [one] trial
   *[other] trials
}; the statistics cover the others.

## sibyl breakeven
# $assumption: the assumption's name; $low and $high: the range searched (values of the
# assumption); $probability: the probability asked for the target ("50.0%").

# $target: what must hold in a trial ("tranche.bonds.irr >= 0"); $deal: the deal's name;
# $scenario: the scenario's name. A stress preset and tables-terms-real may follow.
breakeven-title = Breakeven of { $assumption } for P({ $target }) = { $probability } in { $deal } under "{ $scenario }"
# $trials: the number of trials with its noun, run for each estimate; $seed: the seed.
breakeven-subtitle = { $trials } per estimate, seed { $seed }, common random numbers; { $assumption } held at each value, the assumptions correlated with it drawn given it
# $level: "95%"; $low and $high here: the band's ends.
breakeven-band = { $level } Monte Carlo band: { $low } to { $high } (where the estimated probability is within 1.96 standard errors of { $probability })
breakeven-higher-likelier = a higher { $assumption } makes the target more likely over { $assumption } from { $low } to { $high }
breakeven-lower-likelier = a lower { $assumption } makes the target more likely over { $assumption } from { $low } to { $high }
# $values: other values where the probability crosses, listed.
breakeven-crosses-again = note: the probability crosses { $probability } again near { $values }: it does not move one way with { $assumption }
breakeven-no-influence = none: { $assumption } does not move the target (identical estimates for { $assumption } from { $low } to { $high })
breakeven-not-identified = not identified: the probability stays within Monte Carlo noise of { $probability } for { $assumption } from { $low } to { $high }; more trials may resolve it
breakeven-undefined = undefined for { $assumption } from { $low } to { $high }
breakeven-always-above = not reached: the probability stays above { $probability } for { $assumption } from { $low } to { $high }
breakeven-always-below = not reached: the probability stays below { $probability } for { $assumption } from { $low } to { $high }
# $metric: the target's metric; $share: the largest share of trials where it is undefined.
breakeven-undefined-share = note: { $metric } is undefined in up to { $share } of trials at some values; those trials count as not meeting the target
# $median: the assumption's median in the scenario; $probability: the target's
# probability there; $se: its standard error.
breakeven-as-written = in the scenario as written ({ $assumption } median { $median }): P = { $probability } ({ $se })
# The heading of the table of probabilities by the assumption's value.
breakeven-by-value = Probability of the target by value

## sibyl breakeven on an estimate of the whole run (a pooled IRR, a cost per true outcome)
# $metric: the estimate's name; $threshold: the value it must reach.

breakeven-estimate-title = Breakeven of { $assumption } for { $target } (an estimate of the whole run) in { $deal } under "{ $scenario }"
breakeven-estimate-band = { $level } Monte Carlo band: { $low } to { $high } (where the estimate is within 1.96 standard errors of { $threshold })
breakeven-estimate-higher-raises = a higher { $assumption } raises { $metric } over { $assumption } from { $low } to { $high }
breakeven-estimate-lower-raises = a lower { $assumption } raises { $metric } over { $assumption } from { $low } to { $high }
breakeven-estimate-crosses-again = note: { $metric } crosses { $threshold } again near { $values }: it does not move one way with { $assumption }
breakeven-estimate-no-influence = none: { $assumption } does not move { $metric } over { $assumption } from { $low } to { $high }
breakeven-estimate-not-identified = not identified: { $metric } stays within Monte Carlo noise of { $threshold } for { $assumption } from { $low } to { $high }; more trials may resolve it
breakeven-estimate-undefined = undefined: { $metric } has no value anywhere in { $assumption } from { $low } to { $high } (for a cost per true outcome: no outcome is truly improved)
breakeven-estimate-always-above = not reached: { $metric } stays above { $threshold } for { $assumption } from { $low } to { $high }
breakeven-estimate-always-below = not reached: { $metric } stays below { $threshold } for { $assumption } from { $low } to { $high }
# $value: the estimate there; $se: its standard error.
breakeven-estimate-as-written = in the scenario as written ({ $assumption } median { $median }): { $value } ({ $se })
breakeven-estimate-by-value = { $metric } by value
# The column of the estimate's values.
breakeven-header-estimate = estimate
