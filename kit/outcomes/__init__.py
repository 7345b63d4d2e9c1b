"""Training outcomes against adoption and usage.

    models, inputs   the CSVs (customers, usage, feedback, CE roster, completions; optional feature
                     usage, product NPS, contracts, CE collateral requests), checked per row
    config           use-case trainings -> features, OKR goals (courses/plans/outcomes.yaml)
    profiles         the customers from the customer profiles, customers.csv for the rest
    data             OutcomeData: everything below works on it
    targets          adoption vs 25/50/75% by day 90/180/270 from production; 75% by day 180 of contract
    metrics          DAU/MAU health, NPS, time to certification
    onboarding       CE 6-week plan, 30/60/90-day milestones, Demo Certification, trained-% per block
    impact           adoption before/after training, completions vs adoption, "too little data"
    effects          use-case training vs feature use: two-way fixed effects, clustered intervals
    retention        renewal, seat expansion and product NPS against training
    okrs             the roadmap's business outcomes as a scoreboard from data
    status           each customer's verdict and reasons
    sample           deterministic sample data
    charts, report   plotly figures and the static HTML page
    run              `sgkit report`
    cohort           one cohort's results: each learner's score per assignment and certification
                     decision (the demo's and the grader's HTML report)

Nothing is imported here so that loading the CLI does not load pandas or plotly.
"""
