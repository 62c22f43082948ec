#!/usr/bin/env Rscript
# Self-check of the reference implementation (STATISTICS.md §5): for every index and composite
# with a Welch test, the Welch SE equals the HC2 SE of OLS score ~ treated
# (sandwich::vcovHC(type = "HC2")), and estimatr::lm_robust(se_type = "HC2") agrees, to 1e-10
# relative. Also checks that Student's SE equals the classical OLS SE.
#
#   Rscript test/reference/selfcheck.R [DIR]     (default samples/mexico-2020)
#
# Exits non-zero on a mismatch.

suppressPackageStartupMessages({
  library(sandwich)
})
args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grepl("^--file=", args)])
source(file.path(dirname(normalizePath(script)), "reference.R"))

dir <- commandArgs(trailingOnly = TRUE)
dir <- if (length(dir)) dir[1] else "samples/mexico-2020"
ref <- compute_reference(dir)
have_estimatr <- requireNamespace("estimatr", quietly = TRUE)

cat("selfcheck on", normalizePath(dir), "\n")
cat(sprintf("%-22s %5s %22s %22s %10s %10s %10s\n", "index", "n", "welch_se", "hc2_se", "rel_diff",
            "estimatr", "student"))
ok <- TRUE
checked <- 0L
for (ix in ref$result$indices) {
  if (is.null(ix$welch)) {
    cat(sprintf("%-22s   (no Welch test)\n", ix$id))
    next
  }
  y <- ref$scores[[ix$id]]
  d <- data.frame(score = y, treated = ref$treated)
  d <- d[!is.na(d$score), ]
  fit <- lm(score ~ treated, data = d)
  hc2 <- sqrt(vcovHC(fit, type = "HC2")["treated", "treated"])
  rel <- abs(hc2 - ix$welch$se) / ix$welch$se
  est_rel <- NA_real_
  if (have_estimatr) {
    lr <- estimatr::lm_robust(score ~ treated, data = d, se_type = "HC2")
    est_rel <- abs(lr$std.error[["treated"]] - ix$welch$se) / ix$welch$se
  }
  cls <- summary(fit)$coefficients["treated", "Std. Error"]
  stu_rel <- abs(cls - ix$student$se) / ix$student$se
  coef_rel <- abs(coef(fit)[["treated"]] - ix$diff) / max(abs(ix$diff), 1e-300)
  pass <- rel < 1e-10 && (is.na(est_rel) || est_rel < 1e-10) && stu_rel < 1e-10 && coef_rel < 1e-10
  ok <- ok && pass
  checked <- checked + 1L
  cat(sprintf("%-22s %5d %22.17g %22.17g %10.2e %10.2e %10.2e %s\n", ix$id, nrow(d), ix$welch$se, hc2,
              rel, est_rel, stu_rel, if (pass) "ok" else "MISMATCH"))
}
cat(sprintf("R %s; sandwich %s%s\n", paste(R.version$major, R.version$minor, sep = "."),
            packageVersion("sandwich"),
            if (have_estimatr) paste0("; estimatr ", packageVersion("estimatr")) else ""))
if (!ok) {
  cat("selfcheck FAILED\n")
  quit(status = 1)
}
cat(sprintf("selfcheck passed: %d indices, Welch SE == HC2 SE (rel < 1e-10)\n", checked))
