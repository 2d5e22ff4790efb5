# `sibyl explain`: the deal in plain language, with a worked example.
# Amounts ($amount and the like) come written with their currency ("GBP 4,800,000"), shares
# as percentages ("7.5%"), and counts with their noun ("1,000 people") unless a comment says
# otherwise. Names and ids from the user's files ($names, $payer, $rule, $metric, $unit, …)
# stay as written. Indentation, bullets and the "id: " before a line are added by sibyl.
# A variable called $count is a number for plural forms only; it is not written.

## Headings

explain-heading-who = Who is involved
explain-heading-participants = Who takes part
explain-heading-measured = What is measured
explain-heading-payments = What is paid, for what, and when
explain-heading-limits = Up to how much
# $scenario: the scenario's name.
explain-heading-example = Worked example: the expected case of "{ $scenario }"
explain-heading-nothing-works = If nothing works
explain-heading-sources = Sources
# Shown instead of a worked example when no scenario is given; `--scenario FILE` is the option.
explain-add-scenario = Add `--scenario FILE` for a worked example at the expected effect.

## Lists

# The last two items of a list: $init is the items before the last, already joined with
# ", " ("A, B"), $last the last item: "A, B and C".
explain-and = { $init } and { $last }

## Who is involved
# $names: the parties with this role, as a list (explain-and); $count: how many they are.

explain-who-payer = { $count ->
    [one] The outcome payer, { $names }, pays only for verified results.
   *[other] The outcome payers, { $names }, pay only for verified results.
}
# A provider paid directly for results, with no investors.
explain-who-provider-direct = { $count ->
    [one] The provider, { $names }, runs the programme at its own risk and is paid for results directly (payment by results).
   *[other] The providers, { $names }, run the programme at their own risk and are paid for results directly (payment by results).
}
# $amount: the capital all investors put up together.
explain-who-investor = { $count ->
    [one] The investor, { $names }, puts up { $amount } before any result is known.
   *[other] The investors, { $names }, put up { $amount } before any result is known.
}
# A provider funded by the investors' money.
explain-who-provider-funded = { $count ->
    [one] The provider, { $names }, runs the programme with that money.
   *[other] The providers, { $names }, run the programme with that money.
}
explain-who-intermediary = { $count ->
    [one] The intermediary, { $names }, arranges the deal and runs the vehicle that holds the money.
   *[other] The intermediaries, { $names }, arrange the deal and run the vehicle that holds the money.
}
explain-who-guarantor = { $count ->
    [one] The guarantor, { $names }, stands behind part of the investors' risk.
   *[other] The guarantors, { $names }, stand behind part of the investors' risk.
}
explain-who-evaluator = { $count ->
    [one] The evaluator, { $names }, measures and validates the results.
   *[other] The evaluators, { $names }, measure and validate the results.
}

## Periods of the deal
# $unit: the deal's period, `month`, `quarter` or `year`; $n: the period's number ("14").
# Four forms for the sentences that use them: explain-when alone or before a colon ("quarter
# 14: …", "Paid in quarter 14"), -from and -to in explain-cohort-between, -in in
# explain-cohort-in. English writes them alike.

explain-when = { $unit ->
    [month] month
    [quarter] quarter
   *[year] year
} { $n }
explain-when-from = { $unit ->
    [month] month
    [quarter] quarter
   *[year] year
} { $n }
explain-when-to = { $unit ->
    [month] month
    [quarter] quarter
   *[year] year
} { $n }
explain-when-in = { $unit ->
    [month] month
    [quarter] quarter
   *[year] year
} { $n }
# A period with its calendar month when the deal has a start date: $when: the period (one of
# the explain-when forms); $month: the month's short name (month-1 … month-12); $year: the
# calendar year ("2014").
explain-dated = { $when } ({ $month } { $year })

## Who takes part

# $people: everyone the cohorts aim to enrol ("3,000 people"); $n: the number of cohorts,
# written ("3"); $count: the same number, for the plural.
explain-participants = { $people } in { $n } { $count ->
    [one] cohort
   *[other] cohorts
}:
# One cohort enrolling in a single period: $people: its target ("1,000 people"); $when: the
# period (explain-when-in, dated).
explain-cohort-in = { $people } joining in { $when }
# One cohort enrolling over several periods: $from (explain-when-from) and $to
# (explain-when-to), dated.
explain-cohort-between = { $people } joining from { $from } to { $to }
# Added after explain-cohort-in or -between when the service costs anything: $amount: the
# cost per participant.
explain-cohort-cost = ; the service costs about { $amount } a person

## What is measured

# One metric: $what: what is measured (explain-what-*); $goal: explain-goal-more or -fewer;
# $after: how long after joining ("6 quarters"); $design: how the counterfactual is found
# (explain-design-*).
explain-metric = { $what } ({ $goal }), { $after } after joining, { $design }.

# A pathway stage, claimed person by person: $what and $goal as in explain-metric;
# $after: explain-stage-from-start or explain-stage-after; $wait: empty, or
# explain-stage-wait; $design as in explain-metric.
explain-stage = { $what } ({ $goal }), claimed for each person on reaching it { $after }{ $wait }, { $design }.
explain-stage-from-start = after joining
# $stages: the stage or stages it follows, in backquotes, joined by explain-stage-or.
explain-stage-after = after `{ $stages }`
# $periods: the least time after the stage before ("1 quarter").
explain-stage-wait = , at least { $periods } later
# A repeatable stage (after explain-stage-wait, in the same place): $times, 2 to 12.
explain-stage-repeat = , up to { $times } times a person (each time claimed, after the time before)
explain-stage-or = or
# A stage measured against a counterfactual: what its $design (in explain-stage) says.
# $after: the measurement point ("3 years"); $design: explain-design-*.
explain-stage-measured = its share reached within { $after } after the cohort's last enrolment is measured, { $design }
# $unit: the metric's unit or name from the contract.
explain-what-binary = whether each person achieves `{ $unit }`
explain-what-count = { $unit } per person
explain-what-events = events per person
explain-what-continuous = each person's { $unit }
explain-what-cohort = the cohort's { $unit }
explain-goal-more = more is better
explain-goal-fewer = fewer is better

# The evaluation designs. $deff: empty, or " (design effect 5)" (a space and
# explain-design-effect) where clustering widens the noise.
explain-design-none = no counterfactual (outcomes achieved)
# $baseline: the fixed baseline, a number.
explain-design-historical = against a historical baseline of { $baseline }
# A historical baseline that moves with the system-wide trend measured over the same
# period; $baseline as above.
explain-design-historical-trend = against a historical baseline of { $baseline }, moved by the system-wide trend measured over the same period
# $size: the comparison group's size, a number ("10,000").
explain-design-comparison = against a matched comparison group of { $size }{ $deff }
# $size: the control group's size, a number; $pay: explain-pay-point or -significant.
explain-design-rct = randomised control group of { $size }{ $deff }, { $pay }
# $x: the design effect, a number ("5").
explain-design-effect = (design effect { $x })
explain-pay-point = pays on the point estimate
# $alpha: the significance level, a number ("0.1").
explain-pay-significant = pays only if significant at { $alpha } (one-sided)

# What to keep in mind about each design, on a line of its own.
explain-note-none = Every outcome is paid, including those that would have happened anyway.
explain-note-historical = If the world changes, the fixed baseline no longer shows what would have happened.
explain-note-historical-trend = The baseline moves with the trend measured across the whole system, so a change that affects everyone is not counted as the programme's effect.
explain-note-comparison = The comparison group may differ from the participants in ways the match misses.
explain-note-rct = Random assignment makes the comparison fair; only chance blurs it.

## What is paid, for what, and when
# A rule reads "<terms> (<scope>, <paid by>, <lag>, <caps>)": sibyl joins the parts in
# brackets with ", ".

# $periods: the periods in which a rule's payments fall due, as a list (explain-and) of
# dated explain-when; $count: how many.
# A pathway's claims fall due period after period: $first and $last, dated explain-when.
explain-paid-from-to = Paid as claims come in, from { $first } to { $last } (if on time).
explain-paid-in = { $count ->
    [one] Paid in { $periods } (if on time).
   *[other] Paid in { $periods } (if on time).
}

# $prices: each metric's id and price ("nqf1 GBP 700"), joined with ", ".
explain-terms-rate-card = rate card: { $prices }
# $price: the amount per outcome; $metric: the metric's id.
explain-terms-per-improvement = { $price } per outcome improved on the counterfactual of { $metric }
# $price: the amount per unit of effect; $scale: `relative` (the effect is a share, so a
# unit is a percentage point) or `absolute`; $metric: the metric's id.
explain-terms-per-effect = { $price } per { $scale ->
    [relative] percentage point
   *[absolute] unit
} of measured effect on { $metric }
# $metric: the metric's id; $threshold: the effect that triggers payment ("10%" or "0.1");
# $pay: an amount, or explain-pay-price.
explain-terms-threshold = when the measured effect on { $metric } is at least { $threshold }: { $pay }
# $amount: a price per unit of improvement.
explain-pay-price = { $amount } per unit of improvement
# $metric: the metric's id; $tiers: the tiers (explain-tier) joined with "; ".
explain-terms-tiers = tiers on the measured effect on { $metric }: { $tiers }
# One tier: $at: the least effect ("8.5%"); $pay: an amount, or explain-pay-price.
explain-tier = >= { $at }: { $pay }
# A share of the costs the outcomes avoid: $share: the share ("95%"); $metric: the metric's
# id; $value: explain-savings-value or explain-savings-scenario.
explain-terms-savings = { $share } of avoided cost on { $metric } ({ $value })
# As explain-terms-savings, with a second share ($then, "40%") once the tranches $tranches
# (ids, as "a and b") are repaid.
explain-terms-savings-switch = { $share } of avoided cost on { $metric } ({ $value }), then { $then } once { $tranches } repaid
# Added after explain-terms-savings-switch when what is paid once repaid goes to tranches
# as success fees: $tranches: their ids (as "a and b"); $count: how many.
explain-terms-savings-fees = , paid to { $tranches } as success { $count ->
    [one] fees
   *[other] fees
} beyond their repayment
explain-savings-scenario = the scenario's avoided cost
# $amount: the avoided cost per outcome.
explain-savings-value = { $amount } per outcome
explain-scope-cohort = per cohort
explain-scope-pooled = pooled
# $period: the period at which the pooled result is measured, a number.
explain-scope-pooled-at = pooled at period { $period }
# $payers: the payers' ids, each with its share when there are several ("moj 80% +
# big_lottery 20%"); $count: how many payers.
explain-paid-by = { $count ->
    [one] paid by { $payers }
   *[other] paid by { $payers }
}
# $lag: the delay ("1 period").
explain-payment-lag = { $lag } after validation
# $rules: the ids of the rules whose cohorts this rule skips, joined with ", ".
explain-unless-paid = skips cohorts already paid by { $rules }
# Termination on results, on a line of its own after the rules. $must: `must` (the payer
# ends the contract) or `may` (it may); $payer: the payers' names as a list (explain-and);
# $count: how many; $when: the evaluation's period (explain-when-in, dated); $metric: the
# metric's id; $below: the level ("8.5%" or "0.5"); $cohorts: the cohorts' ids as a list.
explain-termination-on-result = { $must ->
    [must] { $count ->
        [one] { $payer } ends the contract if the interim evaluation in { $when } measures an effect on { $metric } below { $below } (cohorts { $cohorts }).
       *[other] { $payer } end the contract if the interim evaluation in { $when } measures an effect on { $metric } below { $below } (cohorts { $cohorts }).
    }
   *[may] { $count ->
        [one] { $payer } may end the contract if the interim evaluation in { $when } measures an effect on { $metric } below { $below } (cohorts { $cohorts }).
       *[other] { $payer } may end the contract if the interim evaluation in { $when } measures an effect on { $metric } below { $below } (cohorts { $cohorts }).
    }
}
# What follows such an end: $compensation: explain-termination-compensation-*; $enrolled:
# explain-termination-enrolled-paid or -stop.
explain-termination-then = If it ends, { $compensation }; { $enrolled }
explain-termination-compensation-none = the investors get no compensation
# $payer: the compensating payer's name; $amount: the sum.
explain-termination-compensation-fixed = { $payer } pays { $amount } in compensation
# $share: the share of the unrecovered principal.
explain-termination-compensation-principal = { $payer } pays { $share } of the investors' unrecovered principal
explain-termination-enrolled-paid = the outcomes of those already enrolled are still measured and paid.
explain-termination-enrolled-stop = nothing more is paid for outcomes.
explain-rule-cap = cap { $amount }
explain-rule-cap-cohort = cap per cohort { $amount }
# $period: the last period claims are made in, a number.
explain-rule-last-claim = claims made until period { $period }
explain-rule-cap-participant = cap per participant { $amount }

## Up to how much

explain-cap-deal = The payers never pay more than { $amount } in all.
explain-cap-year = At most { $amount } falls in any one budget year.
# $payer: a payer's name.
explain-cap-payer = { $payer } pays at most { $amount } in all.
explain-cap-payer-year = { $payer } pays at most { $amount } a year.
# $metric: the metric's id.
explain-cap-metric = Payments for { $metric } stop at { $amount }.
# A tranche: $kind: `senior_loan`, `junior_loan`, `equity`, `recoverable_grant` or
# `deferred_fees`; $id: its id; $amount: its size; $investor: the investor's name. sibyl
# adds explain-tranche-coupon, -irr-cap and -multiple-cap where they apply, then ".".
explain-tranche = { $kind ->
    [senior_loan] Tranche { $id } is a senior loan of { $amount } from { $investor }
    [junior_loan] Tranche { $id } is a junior loan of { $amount } from { $investor }
    [recoverable_grant] Tranche { $id } is a recoverable grant of { $amount } from { $investor }
    [deferred_fees] Tranche { $id } is fees deferred of { $amount } from { $investor }
   *[equity] Tranche { $id } is equity of { $amount } from { $investor }
}
# $rate: the coupon, a year.
explain-tranche-coupon = , at { $rate } a year
# $rate: the highest IRR the investor may earn.
explain-tranche-irr-cap = , its return capped at { $rate } a year
# $multiple: the most the investor may get back, as a multiple of its money ("1.5").
explain-tranche-multiple-cap = , its return capped at { $multiple }x its money
# Where money above the investors' return caps goes.
explain-excess-payer = Money above the investors' return caps: the payers keep it.
explain-excess-provider = Money above the investors' return caps: it goes to the provider as a bonus.
# $share: the provider's share.
explain-excess-shared = Money above the investors' return caps: the provider gets { $share } of it and the payers keep the rest.
explain-no-caps = No caps: payments grow with results.
explain-indexation-prices = The prices rise with inflation; the caps stay fixed in cash.
explain-indexation-caps = The prices and the caps rise with inflation.
# $payer: a payer's name; $budget: explain-budget-flat, or a list (explain-and) of
# explain-budget-years.
explain-budget = { $payer } has budgeted { $budget } (a budget, not a cap: payments can exceed it).
# The same amount every budget year.
explain-budget-flat = { $amount } a budget year
# A run of budget years with the same amount: $years: one year ("2012") or a run
# (explain-year-range); $count: how many years; $amount: the amount for each of them.
explain-budget-years = { $count ->
    [one] budget year { $years } { $amount }
   *[other] budget year { $years } { $amount }
}
# A run of budget years: $from and $to: the first and last ("2012", "2015").
explain-year-range = { $from } to { $to }
# A budget year of a deal without a start date: $n: its number from 1.
explain-year-label = y{ $n }
# A run of budget years with its amount, as `sibyl check` lists them: $years as in
# explain-budget-years.
explain-budget-span = { $years } { $amount }

## Worked example

explain-example-assumptions = Every assumption at its mean, every count at its expected value, no early termination.
# As explain-example-assumptions, for a contract that ends on a failed interim evaluation.
explain-example-assumptions-evaluated = Every assumption at its mean, every count at its expected value, no early termination but the one an interim evaluation may bring.
# A cohort in the expected case: $enrolled: how many join, a number ("950"); $people: its
# target ("1,000 people").
explain-example-joined = { $enrolled } of { $people } join.
# As explain-example-joined, late: $delay: how late ("1 quarter").
explain-example-joined-late = { $enrolled } of { $people } join, { $delay } late.
# A metric in the expected case. $without: the level without the programme; $with: with it;
# $effect: the true effect ("8.17%" or "0.5"); $measured: the counterfactual the evaluation
# measures against; $unit: the metric's unit or name. For a yes/no outcome the levels are
# shares of people ("25.41%").
explain-example-binary = without the programme { $without } of people achieve `{ $unit }`, with it { $with } (a true effect of { $effect }); measured against { $measured }.
# A stage reached with a hazard: $without and $with, the chance each period without and
# with the programme (percentages).
explain-example-hazard = Reached by anyone at the stage before with a chance of { $without } each period without the programme, { $with } with it; whoever has not reached it when the deal ends never does.
explain-example-cohort = without the programme the cohort's { $unit } is { $without }, with it { $with } (a true effect of { $effect }); measured against { $measured }.
explain-example-per-person = without the programme { $without } { $unit } per person, with it { $with } (a true effect of { $effect }); measured against { $measured }.
# As explain-example-per-person for a count without a unit.
explain-example-per-person-plain = without the programme { $without } per person, with it { $with } (a true effect of { $effect }); measured against { $measured }.
explain-example-payments = Payments
explain-example-no-payments = none: no rule is met at the expected effect.
# A payment that would fall after the deal ends, after "<period>: ": $rule: the rule's id;
# $amount: what it would pay; $unit: the deal's period, `month`, `quarter` or `year`.
explain-example-late = { $rule } would pay { $amount } before caps, after the deal's last { $unit ->
    [month] month
    [quarter] quarter
   *[year] year
}: it is not paid.
# A payment, after "<period>: ": $payer: the payer's name; $amount: what it pays; $rule: the
# rule's id.
explain-example-payment = { $payer } pays { $amount } for { $rule }
explain-example-payment-termination = { $payer } pays { $amount } for termination compensation
# After a payment a cap reduced: $gross: what the rule gave before the cap, a number.
explain-example-cut = (cut from { $gross } by a cap)
explain-example-rule-unpaid = { $rule } pays nothing in this case.
# $cap: the cap's name ("metric.learning.cap").
explain-example-cap-binds = The cap { $cap } binds.
# In a worked case, an interim evaluation that ends the contract: $when: its period
# (explain-when-in, dated); $effect: the effect it measures; $metric: the metric's id;
# $below: the contract's level.
explain-example-ended = The interim evaluation in { $when } measures { $effect } on { $metric }, below { $below }: the contract ends there; nobody joins after it.

## Where the money goes

explain-money-heading = Where the money goes
# $payer: a payer's name; $amount: what it pays; $value: its present value at the payer's
# discount rate $rate.
explain-money-payer = { $payer } pays { $amount } (worth { $value } today at { $rate } a year).
# As explain-money-payer, the amounts in money of period 0 (prices rise with inflation).
explain-money-payer-real = { $payer } pays { $amount } (worth { $value } today at { $rate } a year, in period-0 money).
# $tranche: the tranche's id; $investor: its investor's name; $drawn: what it puts in;
# $received: what it gets back; $result: explain-irr-*.
explain-money-tranche = { $tranche } ({ $investor }) puts in { $drawn } and gets back { $received }: { $result }.
# As explain-money-tranche with $multiple: what it gets back over what it put in ("1.02").
explain-money-tranche-multiple = { $tranche } ({ $investor }) puts in { $drawn } and gets back { $received }, { $multiple }x its money: { $result }.
# $rate: the internal rate of return, a year.
explain-irr-rate = an IRR of { $rate } a year
explain-irr-total-loss = a total loss
explain-irr-none = no meaningful IRR
# $guarantor: the guarantor's name.
explain-money-guarantee = { $guarantor } pays { $amount } under its guarantee.
# $party: a provider's or intermediary's name.
explain-money-receives = { $party } receives { $amount }.
explain-money-unfunded = The provider carries { $amount } of costs from its own pocket.
explain-money-refunded = { $amount } beyond what the investors are owed goes back to the payers.

## If nothing works

explain-nothing-same-case = The same expected case, but the programme has no effect at all.
explain-nothing-still-pays = The payers still pay { $amount }: outcomes that would have happened anyway (deadweight) or measurement noise.
# Without a scenario, a deal without investors.
explain-nothing-direct = The provider carries the cost of the programme and receives only what rate cards pay for outcomes achieved.
# Without a scenario: $amount: the capital the investors put up.
explain-nothing-investors = Payers pay nothing for measured improvements; the investors can lose the { $amount } they put in.
# $guarantor: the guarantor's name; $amount: the guarantee's limit; $tranche: the tranche's id.
explain-nothing-first-loss = { $guarantor } covers the first { $amount } of losses of tranche { $tranche }.
# $share: the share of the principal protected.
explain-nothing-capital-protection = { $guarantor } covers { $share } of the principal of tranche { $tranche }.
