# Reference values for the small statistics that are easier to check on their own than through a
# fixture: p.adjust on long vectors with ties and NA, prop.test at the edges, and lm() dropping a
# collinear column. Run: Rscript test/reference/unit-references.R > test/reference/unit-references.json
suppressPackageStartupMessages(library(jsonlite))

p <- c(0.01, 0.04, 0.03, 0.005, 0.5, 0.04, 0.2, NA, 0.0001, 0.9)
props <- list(c(30, 50, 20, 50), c(0, 10, 0, 12), c(10, 10, 3, 12), c(1, 400, 0, 3), c(55, 1093, 40, 714))
prop_out <- lapply(props, function(x) {
  r <- suppressWarnings(prop.test(c(x[1], x[3]), c(x[2], x[4]), correct = FALSE))
  list(x1 = x[1], n1 = x[2], x0 = x[3], n0 = x[4], diff = unname(r$estimate[1] - r$estimate[2]),
       p = if (is.na(r$p.value)) NULL else r$p.value, ci_low = r$conf.int[1], ci_high = r$conf.int[2])
})

set.seed(7)
n <- 60
treated <- rep(0:1, length.out = n)
x1 <- rnorm(n)
x2 <- 2 * x1 + 3              # collinear with the intercept and x1
x3 <- rnorm(n)
y <- 50 + 5 * treated + 2 * x1 - x3 + rnorm(n, sd = 4)
fit <- lm(y ~ treated + x1 + x2 + x3)
out <- list(
  generated_by = "test/reference/unit-references.R",
  r_version = R.version.string,
  p_adjust = list(p = p, holm = p.adjust(p, "holm"), bh = p.adjust(p, "BH")),
  prop_test = prop_out,
  ols_collinear = list(y = y, treated = treated, x1 = x1, x2 = x2, x3 = x3,
                       coef = unname(coef(fit)), kept = !is.na(unname(coef(fit))),
                       se_classical = unname(sqrt(diag(vcov(fit))))))
cat(toJSON(out, digits = I(17), auto_unbox = TRUE, na = "null", null = "null", pretty = TRUE))
