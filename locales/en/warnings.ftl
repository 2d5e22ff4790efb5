# What to distrust in a result. Each message says what it means and what to do; its id is
# `warning-` and the warning's code. The English text is also what JSON carries.

# $names: the figures with their standard errors; $target: the asked precision;
# $max: the most trials allowed.
warning-precision-not-reached = the standard error of { $names } is still above the asked precision { $target } after the maximum of { $max } trials; raise --max-trials or accept a coarser precision
# $share: percent of trials (two decimals); $last: the deal's last period.
warning-payment-after-horizon = in { $share }% of trials a payment would fall after the deal's last period (period { $last }), pushed there by delays of enrolment or validation, and is not paid; the figures leave it out: lengthen `horizon` in [deal] if the contract pays it
# $cap: the cap's name; $share: percent of trials (no decimals).
warning-cap-binds-mostly = the cap { $cap } binds in { $share }% of trials: the outcome payments are mostly set by the cap, not the results; check that the cap is where the budget means it to be
# $tranche: the tranche's name; $share: percent of trials (two decimals).
warning-irr-undefined = the IRR of { $tranche } is undefined (nothing went in, or the flows have no root or several) in { $share }% of trials; its IRR statistics cover the other trials only, so read its modified IRR, MOIC and loss beside it
# $name: the estimate; $value and $se: amounts.
warning-cost-per-outcome-imprecise = { $name } is { $value } with a standard error of { $se }, more than half of it: the payments are rare or vary widely, or the outcomes truly improved are expected to be close to zero, so the ratio is barely known; run more trials, and read what was paid for noise and measurement error beside it
# $name: the estimate.
warning-cost-per-outcome-undefined = { $name } is undefined: the expected number of outcomes truly improved is not positive (no true effect, or nobody enrolled), so there is nothing to divide by; read what was paid for noise and measurement error instead
# $name: the estimate; $tranche: the tranche's id.
warning-pooled-irr-undefined = { $name } is undefined: the mean cash flows of tranche `{ $tranche }` have no IRR (nothing went in, or they have no root or several, often from capital drawn after the last receipt); read its modified IRR and multiple instead, where money went in
# $rule: the rule; $trigger: its trigger; $effect: the expected effect; $se: its standard
# error; $group: "pooled" or "for cohort c1" (warning-group-*).
warning-trigger-within-noise = rule { $rule }: its trigger { $trigger } is within measurement noise of the expected effect { $effect } (standard error { $se }, { $group }): chance decides whether it pays; larger groups or pooled cohorts measure more precisely
warning-group-pooled = pooled
# $cohort: the cohort's id.
warning-group-cohort = for cohort { $cohort }
