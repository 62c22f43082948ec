#!/usr/bin/env Rscript
# Independent reference implementation of STATISTICS.md §7-§11 (reliability, cluster-robust,
# covariate-adjusted and survey-weighted inference, multiple comparisons, summary indices,
# item-level agreement and subgroups) for gbv-impact.
#
#   Rscript test/reference/reference-evaluation.R FIXTURE_DIR [OUT_JSON] [--by COLUMN] [--cluster COLUMN]
#
# Reads FIXTURE_DIR/survey.csv, FIXTURE_DIR/codebook.yaml and, if present, FIXTURE_DIR/options.json
# (encoding and delimiter as for reference.R, plus "by" and "cluster", which override the
# codebook's `subgroups` and `cluster`). --by and --cluster override both. Writes OUT_JSON
# (default FIXTURE_DIR/expected-evaluation.json).
#
# Reading, item cells and scoring (§1-§3) come from reference.R, which is source()d unchanged.
# The statistics use R's own machinery: psych::alpha, sandwich::vcovCL/vcovHC,
# clubSandwich::vcovCR/coef_test, estimatr::lm_robust, lm, anova, t.test, prop.test and
# p.adjust. Each one is cross-checked against the STATISTICS.md formula written out here (or a
# second package); a disagreement stops the script.

suppressPackageStartupMessages({
  library(yaml)
  library(jsonlite)
  library(sandwich)
  library(clubSandwich)
  library(estimatr)
  library(psych)
})

local({
  args <- commandArgs(trailingOnly = FALSE)
  script <- sub("^--file=", "", args[grepl("^--file=", args)])
  here <- if (length(script)) dirname(normalizePath(script)) else "test/reference"
  source(file.path(here, "reference.R"))   # main() there runs only when called as a script
})

# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------

# relative agreement check; `what` names the quantity in the error message
check_close <- function(a, b, what, tol = 1e-9) {
  if (length(a) != length(b)) fail("cross-check failed (length) for ", what)
  both_na <- is.na(a) & is.na(b)
  if (any(is.na(a) != is.na(b))) fail("cross-check failed (NA) for ", what, ": ", paste(a, collapse = " "), " vs ", paste(b, collapse = " "))
  a <- a[!both_na]; b <- b[!both_na]
  scale <- pmax(abs(a), abs(b), 1)
  if (any(abs(a - b) > tol * scale)) {
    fail("cross-check failed for ", what, ": ", paste(format(a, digits = 17), collapse = " "),
         " vs ", paste(format(b, digits = 17), collapse = " "))
  }
  invisible(TRUE)
}

# {se, df, p, ci_low, ci_high} for coefficient b with the given SE and t reference df
# (§8: p = 2 P(T_df > |t|), CI = b +/- qt(0.975, df) se)
inference <- function(b, se, df) {
  if (is.na(b) || is.na(se) || is.na(df) || !is.finite(se) || se <= 0 || df <= 0) {
    return(list(se = nn(se), df = nn(df), p = NULL, ci_low = NULL, ci_high = NULL))
  }
  q <- qt(0.975, df)
  list(se = se, df = df, p = 2 * pt(-abs(b / se), df), ci_low = b - q * se, ci_high = b + q * se)
}

is_missing_cell <- function(cells, missing_codes) {
  codes_str <- vapply(missing_codes, code_string, "")
  codes_num <- vapply(missing_codes, function(v) if (is.numeric(v)) as.numeric(v) else parse_num(v), 0)
  codes_num <- codes_num[!is.na(codes_num)]
  cnum <- parse_num(cells)
  cells == "" | cells %in% codes_str | (!is.na(cnum) & cnum %in% codes_num)
}

byte_sort <- function(x) sort(unique(x), method = "radix")

welch_block <- function(y1, y0) {
  # §5 Welch via t.test; NULL when either group has < 2 values or t.test refuses
  if (length(y1) < 2 || length(y0) < 2) return(NULL)
  tt <- tryCatch(t.test(y1, y0, var.equal = FALSE), error = function(e) NULL)
  if (is.null(tt)) return(NULL)
  se <- sqrt(var(y1) / length(y1) + var(y0) / length(y0))
  check_close(unname(tt$stderr), se, "Welch SE")
  list(t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value, se = se,
       ci_low = tt$conf.int[1], ci_high = tt$conf.int[2])
}

# Cluster-robust HC1 (§8a), computed by hand, for the cross-check of sandwich::vcovCL.
# X: model matrix, u: residuals, w: weights (1 for OLS), g: cluster ids.
manual_cluster_hc1 <- function(X, u, g, w = rep(1, nrow(X))) {
  N <- nrow(X); K <- ncol(X); G <- length(unique(g))
  bread <- solve(crossprod(X * sqrt(w)))
  S <- rowsum(X * (w * u), g)            # one row per cluster: sum_i w_i u_i x_i
  meat <- crossprod(S)
  bread %*% meat %*% bread * (G / (G - 1)) * ((N - 1) / (N - K))
}

# ---------------------------------------------------------------------------------------------
# §7 reliability
# ---------------------------------------------------------------------------------------------

alpha_block <- function(R) {
  # R: rows x items, rescaled and reverse coded; complete cases are taken here
  k <- ncol(R)
  cc <- R[stats::complete.cases(R), , drop = FALSE]
  n <- nrow(cc)
  if (k < 2 || n < 2) return(list(block = NULL, cc = cc))
  a <- tryCatch(suppressWarnings(suppressMessages(
    psych::alpha(as.data.frame(cc), check.keys = FALSE, warnings = FALSE)
  )), error = function(e) NULL)
  if (is.null(a)) return(list(block = NULL, cc = cc))
  raw <- a$total$raw_alpha
  std <- a$total$std.alpha
  # cross-check against the §7 formulas
  raw_f <- k / (k - 1) * (1 - sum(apply(cc, 2, var)) / var(rowSums(cc)))
  C <- suppressWarnings(cor(cc))
  rbar <- mean(C[upper.tri(C)])
  std_f <- k * rbar / (1 + (k - 1) * rbar)
  check_close(raw, raw_f, "raw alpha")
  check_close(std, std_f, "standardized alpha")
  list(block = list(raw = nn(raw), standardized = nn(std), n_complete = as.integer(n)), cc = cc, psych = a)
}

item_rest <- function(R, psych_alpha) {
  # Pearson r of each item with the sum of the other items, complete cases (the alpha sample)
  k <- ncol(R)
  if (k < 2) return(NULL)
  cc <- R[stats::complete.cases(R), , drop = FALSE]
  out <- list()
  for (j in seq_len(k)) {
    r <- if (nrow(cc) >= 2) suppressWarnings(cor(cc[, j], rowSums(cc[, -j, drop = FALSE]))) else NA_real_
    out[colnames(R)[j]] <- list(nn(r))
  }
  # cross-check with psych's r.drop (item against the scale without the item)
  if (!is.null(psych_alpha)) {
    check_close(unname(unlist(lapply(out, function(v) if (is.null(v)) NA_real_ else v))),
                unname(psych_alpha$item.stats$r.drop), "item-rest correlations vs psych r.drop", 1e-8)
  }
  out
}

# ---------------------------------------------------------------------------------------------
# §8a cluster-robust
# ---------------------------------------------------------------------------------------------

cluster_block <- function(column, y, treated, cl) {
  ok <- !is.na(y) & cl != ""
  d <- data.frame(y = y[ok], t = treated[ok], g = cl[ok], stringsAsFactors = FALSE)
  N <- nrow(d)
  G <- length(unique(d$g))
  empty <- list(se = NULL, df = NULL, p = NULL, ci_low = NULL, ci_high = NULL)
  icc <- icc_anova(d$y, d$g)
  if (N < 3 || G < 2 || length(unique(d$t)) < 2) {
    return(list(column = column, n = as.integer(N), clusters = as.integer(G),
                se_ols_classical = NULL, hc1 = empty, cr2 = empty, cr2_g_minus_1 = empty,
                icc_anova = nn(icc), se_ratio_hc1_to_classical = NULL))
  }

  fit <- lm(y ~ t, data = d)
  b <- unname(coef(fit)["t"])
  se_cls <- summary(fit)$coefficients["t", "Std. Error"]
  X <- model.matrix(fit); u <- residuals(fit)

  # HC1 / CR1: sandwich::vcovCL(type = "HC1", cadjust = TRUE), df = G - 1
  V1 <- sandwich::vcovCL(fit, cluster = d$g, type = "HC1", cadjust = TRUE)
  check_close(V1, manual_cluster_hc1(X, u, d$g), "cluster HC1 (sandwich vs formula)")
  se1 <- sqrt(V1["t", "t"])

  # CR2: clubSandwich::vcovCR(type = "CR2") + coef_test(test = "Satterthwaite")
  V2 <- clubSandwich::vcovCR(fit, cluster = d$g, type = "CR2")
  ct <- clubSandwich::coef_test(fit, vcov = V2, test = "Satterthwaite", coefs = "t")
  se2 <- ct$SE[1]
  df2 <- ct$df_Satt[1]
  cr2 <- inference(b, se2, df2)
  check_close(cr2$p, ct$p_Satt[1], "CR2 p (clubSandwich vs formula)", 1e-8)
  ci <- clubSandwich::conf_int(fit, vcov = V2, coefs = "t")
  check_close(c(cr2$ci_low, cr2$ci_high), c(ci$CI_L[1], ci$CI_U[1]), "CR2 CI (clubSandwich)", 1e-8)
  # second way 1: the Bell-McCaffrey formula written out in §8a
  m <- manual_cr2(X, u, d$g)
  check_close(se2, m$se, "CR2 SE (clubSandwich vs formula)", 1e-8)
  check_close(df2, m$df, "CR2 df (clubSandwich vs formula)", 1e-7)
  # second way 2: estimatr
  lr <- estimatr::lm_robust(y ~ t, data = d, clusters = g, se_type = "CR2")
  check_close(se2, lr$std.error[["t"]], "CR2 SE (clubSandwich vs estimatr)", 1e-8)
  check_close(df2, lr$df[["t"]], "CR2 df (clubSandwich vs estimatr)", 1e-7)

  list(column = column, n = as.integer(N), clusters = as.integer(G),
       se_ols_classical = se_cls, hc1 = inference(b, se1, G - 1), cr2 = cr2,
       cr2_g_minus_1 = inference(b, se2, G - 1), icc_anova = nn(icc),
       se_ratio_hc1_to_classical = nn(se1 / se_cls))
}

manual_cr2 <- function(X, u, g) {
  N <- nrow(X)
  XtXi <- solve(crossprod(X))
  H <- X %*% XtXi %*% t(X)
  IH <- diag(N) - H
  cvec <- c(0, 1)
  meat <- matrix(0, ncol(X), ncol(X))
  Gcols <- list()
  for (gg in unique(g)) {
    idx <- which(g == gg)
    Hgg <- IH[idx, idx, drop = FALSE]          # I - H_gg
    e <- eigen(Hgg, symmetric = TRUE)
    A <- e$vectors %*% diag(1 / sqrt(e$values), length(idx)) %*% t(e$vectors)
    Xg <- X[idx, , drop = FALSE]
    v <- t(Xg) %*% A %*% u[idx]
    meat <- meat + v %*% t(v)
    Gcols[[length(Gcols) + 1L]] <- t(IH[idx, , drop = FALSE]) %*% (A %*% (Xg %*% (XtXi %*% cvec)))
  }
  V <- XtXi %*% meat %*% XtXi
  Gm <- do.call(cbind, Gcols)
  M <- crossprod(Gm)
  list(se = sqrt(V[2, 2]), df = sum(diag(M))^2 / sum(M * M))
}

icc_anova <- function(y, g) {
  # one-way ANOVA ICC (MSB - MSW) / (MSB + (n0 - 1) MSW), n0 = (N - sum n_g^2 / N) / (G - 1)
  N <- length(y); G <- length(unique(g))
  if (G < 2 || N - G < 1) return(NA_real_)
  a <- anova(lm(y ~ factor(g)))
  msb <- a[["Mean Sq"]][1]; msw <- a[["Mean Sq"]][2]
  ng <- as.vector(table(g))
  n0 <- (N - sum(ng^2) / N) / (G - 1)
  # second way: the sums of squares by hand
  gm <- tapply(y, g, mean)[as.character(g)]
  msb_f <- sum(ng * (tapply(y, g, mean) - mean(y))^2) / (G - 1)
  msw_f <- sum((y - gm)^2) / (N - G)
  check_close(c(msb, msw), c(msb_f, msw_f), "ICC mean squares")
  denom <- msb + (n0 - 1) * msw
  if (denom == 0) return(NA_real_)
  (msb - msw) / denom
}

# ---------------------------------------------------------------------------------------------
# §8b covariate-adjusted
# ---------------------------------------------------------------------------------------------

# covs: named list of list(kind, values) where values is numeric (NA = missing) or character (NA = missing)
adjusted_block <- function(y, treated, covs, cl) {
  keep_y <- !is.na(y)
  cc <- keep_y
  for (cv in covs) cc <- cc & !is.na(cv$values)
  n <- sum(cc)
  head <- list(covariates = I(names(covs)), n = as.integer(n),
               n_dropped_missing_covariate = as.integer(sum(keep_y & !cc)))
  out <- c(head, list(n_params = NULL, coef = NULL, se = NULL, df = NULL, p = NULL, ci_low = NULL,
                      ci_high = NULL, cluster_hc1 = NULL))
  if (n < 3 || length(unique(treated[cc])) < 2) return(out)
  d <- data.frame(y = y[cc], treated = treated[cc])
  vn <- paste0("v", seq_along(covs))
  for (j in seq_along(covs)) {
    v <- covs[[j]]$values[cc]
    d[[vn[j]]] <- if (covs[[j]]$kind == "numeric") v else factor(v, levels = byte_sort(v))
  }
  # a factor with one level in the sample is constant: it is collinear with the intercept,
  # and model.matrix cannot dummy-code it, so it is left out (the same as dropping its column)
  used <- vn[vapply(vn, function(v) !(is.factor(d[[v]]) && nlevels(d[[v]]) < 2), TRUE)]
  fml <- as.formula(paste("y ~ treated", if (length(used)) paste("+", paste(used, collapse = " + ")) else ""))
  lr <- estimatr::lm_robust(fml, data = d, se_type = "HC2")
  b <- lr$coefficients[["treated"]]
  if (is.na(b)) return(out)
  se <- lr$std.error[["treated"]]
  df <- lr$df[["treated"]]
  n_params <- lr$rank
  check_close(df, n - n_params, "adjusted df = n - n_params")

  # second way: lm (drops aliased columns, keeping the earlier ones), then HC2 by formula and by
  # sandwich on the reduced design
  fit0 <- lm(fml, data = d)
  X <- model.matrix(fit0)[, !is.na(coef(fit0)), drop = FALSE]
  if (ncol(X) != n_params) fail("lm and estimatr disagree on the rank: ", ncol(X), " vs ", n_params)
  fit <- lm(d$y ~ 0 + X)
  names(fit$coefficients) <- colnames(X)
  check_close(unname(coef(fit)["treated"]), b, "adjusted coefficient (lm vs estimatr)")
  u <- residuals(fit)
  h <- hatvalues(fit)
  XtXi <- solve(crossprod(X))
  Vf <- XtXi %*% crossprod(X * (u^2 / (1 - h)), X) %*% XtXi
  ti <- which(colnames(X) == "treated")
  check_close(sqrt(Vf[ti, ti]), se, "adjusted HC2 SE (formula vs estimatr)", 1e-8)
  check_close(sqrt(sandwich::vcovHC(fit, type = "HC2")[ti, ti]), se, "adjusted HC2 SE (sandwich vs estimatr)", 1e-8)

  inf <- inference(b, se, df)
  check_close(c(inf$p, inf$ci_low, inf$ci_high),
              c(lr$p.value[["treated"]], lr$conf.low[["treated"]], lr$conf.high[["treated"]]),
              "adjusted p and CI (estimatr)", 1e-8)
  clus <- NULL
  if (!is.null(cl)) {
    g <- cl[cc]
    if (all(g != "") && length(unique(g)) >= 2) {
      G <- length(unique(g))
      V <- sandwich::vcovCL(fit, cluster = g, type = "HC1", cadjust = TRUE)
      check_close(V, manual_cluster_hc1(X, u, g), "adjusted cluster HC1 (sandwich vs formula)", 1e-8)
      clus <- inference(b, sqrt(V[ti, ti]), G - 1)
    }
  }
  c(head, list(n_params = as.integer(n_params), coef = b, se = inf$se, df = inf$df, p = inf$p,
               ci_low = inf$ci_low, ci_high = inf$ci_high, cluster_hc1 = clus))
}

# ---------------------------------------------------------------------------------------------
# §8c survey weights
# ---------------------------------------------------------------------------------------------

weighted_block <- function(y, treated, wcells, cl) {
  w <- parse_num(wcells)
  ok <- !is.na(y) & !is.na(w) & is.finite(w) & w > 0
  yy <- y[ok]; ww <- w[ok]; tt <- treated[ok]
  N <- length(yy)
  grp <- function(t) {
    yg <- yy[tt == t]; wg <- ww[tt == t]
    if (length(yg) == 0) return(list(sw = 0, m = NA_real_, s = NA_real_, kish = NA_real_))
    m <- sum(wg * yg) / sum(wg)
    s <- sqrt(sum(wg * (yg - m)^2) / sum(wg))
    kish <- sum(wg)^2 / sum(wg^2)
    # second way
    check_close(m, weighted.mean(yg, wg), "weighted mean")
    if (length(yg) > 1) check_close(s^2, cov.wt(cbind(yg), wt = wg / sum(wg), method = "ML")$cov[1, 1], "weighted SD")
    check_close(kish, 1 / sum((wg / sum(wg))^2), "Kish n")
    list(sw = sum(wg), m = m, s = s, kish = kish)
  }
  g1 <- grp(1L); g0 <- grp(0L)
  diff <- g1$m - g0$m
  out <- list(n = as.integer(N), sum_w_treated = g1$sw, sum_w_control = g0$sw,
              mean_treated = nn(g1$m), mean_control = nn(g0$m),
              sd_treated = nn(g1$s), sd_control = nn(g0$s),
              diff = nn(diff), relative_pct = nn(if (!is.na(diff) && g0$m != 0) diff / g0$m * 100 else NA_real_),
              kish_n_treated = nn(g1$kish), kish_n_control = nn(g0$kish),
              wls_hc1 = NULL, wls_cluster_hc1 = NULL)
  if (is.na(diff) || N < 3) return(out)
  d <- data.frame(y = yy, t = tt, w = ww)
  fit <- lm(y ~ t, data = d, weights = w)
  b <- unname(coef(fit)["t"])
  check_close(b, diff, "WLS coefficient = weighted diff")
  X <- model.matrix(fit); u <- residuals(fit)
  V <- sandwich::vcovHC(fit, type = "HC1")
  XtWXi <- solve(crossprod(X * sqrt(ww)))
  Vf <- XtWXi %*% crossprod(X * (ww^2 * u^2), X) %*% XtWXi * N / (N - 2)
  check_close(V, Vf, "WLS HC1 (sandwich vs formula)")
  lr <- estimatr::lm_robust(y ~ t, data = d, weights = w, se_type = "HC1")
  check_close(sqrt(V["t", "t"]), lr$std.error[["t"]], "WLS HC1 (sandwich vs estimatr)", 1e-8)
  out$wls_hc1 <- inference(b, sqrt(V["t", "t"]), N - 2)
  if (!is.null(cl)) {
    g <- cl[ok]
    if (all(g != "") && length(unique(g)) >= 2) {
      G <- length(unique(g))
      Vc <- sandwich::vcovCL(fit, cluster = g, type = "HC1", cadjust = TRUE)
      check_close(Vc, manual_cluster_hc1(X, u, g, ww), "WLS cluster HC1 (sandwich vs formula)")
      out$wls_cluster_hc1 <- inference(b, sqrt(Vc["t", "t"]), G - 1)
    }
  }
  out
}

# ---------------------------------------------------------------------------------------------
# §10 summary indices
# ---------------------------------------------------------------------------------------------

ols_cluster_hc1 <- function(y, treated, g) {
  if (is.null(g) || any(g == "") || length(unique(g)) < 2) return(NULL)
  d <- data.frame(y = y, t = treated, g = g)
  fit <- lm(y ~ t, data = d)
  V <- sandwich::vcovCL(fit, cluster = d$g, type = "HC1", cadjust = TRUE)
  check_close(V, manual_cluster_hc1(model.matrix(fit), residuals(fit), d$g), "summary cluster HC1")
  inference(unname(coef(fit)["t"]), sqrt(V["t", "t"]), length(unique(g)) - 1)
}

summary_block <- function(sub_scores, treated, cl, sub_results) {
  K <- length(sub_scores)
  if (K < 2) return(NULL)
  Y <- do.call(cbind, sub_scores)
  cc <- stats::complete.cases(Y)
  Y <- Y[cc, , drop = FALSE]; tt <- treated[cc]
  g <- if (is.null(cl)) NULL else cl[cc]
  ctl <- tt == 0L
  m <- colMeans(Y[ctl, , drop = FALSE])
  s <- apply(Y[ctl, , drop = FALSE], 2, sd)
  diffs <- vapply(sub_results, function(r) if (is.null(r$diff)) NA_real_ else r$diff, 0)
  agg <- rowMeans(Y)
  agg_diff <- mean(agg[tt == 1L]) - mean(agg[ctl])
  tail <- list(sum_subindex_diffs = nn(sum(diffs)), mean_subindex_diffs = nn(mean(diffs)),
               aggregate_diff = nn(agg_diff))
  out <- list(n = as.integer(nrow(Y)), n_treated = as.integer(sum(tt == 1L)), n_control = as.integer(sum(ctl)),
              standardization = list(control_mean = I(unname(m)), control_sd = I(unname(s))),
              klk = NULL, anderson = NULL)
  if (any(is.na(s)) || any(s == 0) || sum(ctl) < 2 || sum(!ctl) < 1) return(c(out, tail))
  Z <- sweep(sweep(Y, 2, m, "-"), 2, s, "/")
  # KLK: equal-weight mean of z, not re-standardized
  klk <- rowMeans(Z)
  klk_eff <- mean(klk[tt == 1L]) - mean(klk[ctl])
  glass <- (colMeans(Y[tt == 1L, , drop = FALSE]) - m) / s
  check_close(klk_eff, mean(glass), "KLK effect = mean of Glass's delta")
  out$klk <- list(effect = klk_eff, welch = welch_block(klk[tt == 1L], klk[ctl]),
                  cluster_hc1 = ols_cluster_hc1(klk, tt, g))
  # Anderson inverse-covariance weighting
  S <- cov(Z)
  raw <- tryCatch(solve(S, rep(1, K)), error = function(e) NULL)
  if (!is.null(raw)) {
    check_close(raw, rowSums(solve(S)), "Anderson inverse-covariance row sums")
    check_close(raw, rowSums(chol2inv(chol(S))), "Anderson inverse-covariance row sums (Cholesky)", 1e-8)
    w <- raw / sum(raw)
    sc <- as.vector(Z %*% w)
    sct <- (sc - mean(sc[ctl])) / sd(sc[ctl])
    out$anderson <- list(effect = mean(sct[tt == 1L]) - mean(sct[ctl]),
                         effect_unstandardized = mean(sc[tt == 1L]) - mean(sc[ctl]),
                         weights = I(w), raw_weights_inverse_cov_rowsums = I(raw),
                         welch = welch_block(sct[tt == 1L], sct[ctl]),
                         cluster_hc1 = ols_cluster_hc1(sct, tt, g))
  }
  c(out, tail)
}

# ---------------------------------------------------------------------------------------------
# item-level agreement, subgroups
# ---------------------------------------------------------------------------------------------

item_block <- function(item, index_id, reverse, x, treated, agree_at, smin, smax) {
  valid <- !is.na(x)
  agree <- if (reverse) x <= smin + smax - agree_at else x >= agree_at
  n1 <- sum(valid & treated == 1L); n0 <- sum(valid & treated == 0L)
  a1 <- sum(valid & agree & treated == 1L); a0 <- sum(valid & agree & treated == 0L)
  p1 <- if (n1 > 0) a1 / n1 else NA_real_
  p0 <- if (n0 > 0) a0 / n0 else NA_real_
  pt_ <- if (n1 > 0 && n0 > 0) tryCatch(suppressWarnings(prop.test(c(a1, a0), c(n1, n0), correct = FALSE)),
                                        error = function(e) NULL) else NULL
  p <- NA_real_; lo <- NA_real_; hi <- NA_real_
  if (!is.null(pt_)) {
    p <- pt_$p.value; lo <- pt_$conf.int[1]; hi <- pt_$conf.int[2]
    # second way: Wald CI (clipped to [-1, 1]) and the pooled chi-square
    wd <- qnorm(0.975) * sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    check_close(c(lo, hi), c(max(p1 - p0 - wd, -1), min(p1 - p0 + wd, 1)), "prop.test CI")
    pp <- (a1 + a0) / (n1 + n0)
    if (pp > 0 && pp < 1) {
      chi <- (p1 - p0)^2 / (pp * (1 - pp) * (1 / n1 + 1 / n0))
      check_close(p, pchisq(chi, 1, lower.tail = FALSE), "prop.test p", 1e-8)
    }
  }
  list(item = item, index = index_id, reverse = reverse,
       n_treated = as.integer(n1), n_control = as.integer(n0),
       share_treated = nn(p1), share_control = nn(p0), diff = nn(p1 - p0),
       ci_low = nn(lo), ci_high = nn(hi), p = nn(p))
}

subgroup_block <- function(column, values, treated, scores, min_cell) {
  groups <- byte_sort(values[values != ""])
  list(column = column, min_cell_n = as.integer(min_cell), groups = lapply(groups, function(v) {
    in_g <- values == v
    nc <- sum(in_g & treated == 0L); nt <- sum(in_g & treated == 1L)
    list(value = v, n_control = as.integer(nc), n_treated = as.integer(nt),
         indices = lapply(names(scores), function(id) {
           y <- scores[[id]]
           y1 <- y[in_g & treated == 1L & !is.na(y)]
           y0 <- y[in_g & treated == 0L & !is.na(y)]
           m1 <- if (length(y1)) mean(y1) else NA_real_
           m0 <- if (length(y0)) mean(y0) else NA_real_
           wb <- welch_block(y1, y0)
           list(id = id, n_control = length(y0), n_treated = length(y1),
                mean_control = nn(m0), mean_treated = nn(m1), diff = nn(m1 - m0),
                welch_p = wb$p, ci_low = wb$ci_low, ci_high = wb$ci_high,
                small_cell = nc < min_cell || nt < min_cell)
         }))
  }))
}

# ---------------------------------------------------------------------------------------------
# main computation
# ---------------------------------------------------------------------------------------------

compute_evaluation <- function(dir, by = NULL, cluster_override = NULL) {
  dir <- normalizePath(dir, mustWork = TRUE)
  ref <- compute_reference(dir)   # §1-§6 from reference.R (scores and cohorts)

  opts <- list(encoding = "utf-8", delimiter = ",")
  opt_path <- file.path(dir, "options.json")
  if (file.exists(opt_path)) {
    o <- jsonlite::fromJSON(opt_path, simplifyVector = FALSE)
    for (k in names(o)) opts[[k]] <- o[[k]]
  }
  cb <- yaml::read_yaml(file.path(dir, "codebook.yaml"))
  cohort <- list(column = cb$cohort$column, treated = code_string(cb$cohort$treated),
                 control = code_string(cb$cohort$control))
  smin <- as.numeric(cb$scale$min); smax <- as.numeric(cb$scale$max)
  missing_codes <- as.list(if (is.null(cb$missing_codes)) list() else cb$missing_codes)
  labels <- numeric(0)
  if (!is.null(cb$value_labels)) {
    labels <- vapply(cb$value_labels, as.numeric, 0)
    names(labels) <- trim(names(cb$value_labels))
  }
  share_default <- if (is.null(cb$min_answered_share)) 0.5 else as.numeric(cb$min_answered_share)
  agree_at <- if (is.null(cb$agree_at)) smax - 1 else as.numeric(cb$agree_at)
  min_cell <- if (is.null(cb$min_cell)) 10L else as.integer(cb$min_cell)

  sv <- read_survey(file.path(dir, "survey.csv"), normalise_encoding(opts$encoding), opts$delimiter, cohort)
  data <- sv$data; treated <- sv$treated
  if (!identical(treated, ref$treated)) fail("cohorts differ from reference.R")
  col_or_fail <- function(col) {
    if (!(col %in% sv$header)) fail("column not found: ", col)
    data[, col]
  }

  cluster_col <- if (!is.null(cluster_override)) cluster_override else if (!is.null(opts$cluster)) opts$cluster else cb$cluster
  cl <- if (is.null(cluster_col)) NULL else col_or_fail(cluster_col)
  by_col <- if (!is.null(by)) by else if (!is.null(opts$by)) opts$by else if (length(cb$subgroups)) unlist(cb$subgroups)[1] else NULL

  # item values (§2), rescaled and reverse coded (§3)
  xv <- list(); rv <- list(); item_index <- list()
  for (ix in cb$indices) {
    items <- unlist(ix$items); reverse <- unlist(ix$reverse)
    R <- matrix(NA_real_, nrow(data), length(items), dimnames = list(NULL, items))
    for (it in items) {
      x <- item_values(col_or_fail(it), missing_codes, labels, smin, smax)
      xv[[paste(ix$id, it)]] <- x
      r <- (x - smin) / (smax - smin) * 100
      R[, it] <- if (it %in% reverse) 100 - r else r
    }
    rv[[ix$id]] <- R
    # cross-check the scores against reference.R
    share <- if (is.null(ix$min_answered_share)) share_default else as.numeric(ix$min_answered_share)
    a <- rowSums(!is.na(R))
    sc <- ifelse(a >= 1 & a / ncol(R) >= share - 1e-9, rowMeans(R, na.rm = TRUE), NA_real_)
    check_close(sc, ref$scores[[ix$id]], paste("scores of", ix$id), 1e-12)
  }
  index_ids <- vapply(cb$indices, function(ix) ix$id, "")
  comp_ids <- vapply(cb$composites, function(cp) cp$id, "")
  items_of <- function(id) {
    if (id %in% index_ids) return(colnames(rv[[id]]))
    cp <- cb$composites[[match(id, comp_ids)]]
    unique(unlist(lapply(unlist(cp$of), items_of)))
  }
  item_matrix_of <- function(id) {
    if (id %in% index_ids) return(rv[[id]])
    cp <- cb$composites[[match(id, comp_ids)]]
    M <- do.call(cbind, lapply(unlist(cp$of), item_matrix_of))
    M[, !duplicated(colnames(M)), drop = FALSE]   # union of the items (first occurrence)
  }

  # covariates (§8b parsing)
  covs <- list()
  for (cv in unlist(cb$covariates)) {
    cells <- col_or_fail(cv)
    miss <- is_missing_cell(cells, missing_codes)
    num <- parse_num(cells)
    if (all(!is.na(num[!miss]))) {
      covs[[cv]] <- list(kind = "numeric", values = ifelse(miss, NA_real_, num))
    } else {
      covs[[cv]] <- list(kind = "categorical", values = ifelse(miss, NA_character_, cells))
    }
  }
  wcells <- if (is.null(cb$weights)) NULL else col_or_fail(cb$weights)

  # per index
  all_ids <- c(index_ids, comp_ids)
  basic <- ref$result$indices
  names(basic) <- vapply(basic, function(b) b$id, "")
  results <- list()
  for (id in all_ids) {
    kind <- if (id %in% index_ids) "index" else "composite"
    y <- ref$scores[[id]]
    R <- item_matrix_of(id)
    if (!identical(colnames(R), items_of(id))) fail("item union mismatch for ", id)
    al <- alpha_block(R)
    results[[id]] <- list(
      id = id, kind = kind,
      alpha = al$block,
      item_rest_correlations = if (kind == "index") item_rest(R, al$psych) else NULL,
      cluster = if (is.null(cl)) NULL else cluster_block(cluster_col, y, treated, cl),
      adjusted = if (length(covs)) adjusted_block(y, treated, covs, cl) else NULL,
      p_welch_holm = NULL, p_welch_bh = NULL, p_cluster_hc1_holm = NULL, p_cluster_hc1_bh = NULL,
      weighted = if (is.null(wcells)) NULL else weighted_block(y, treated, wcells, cl)
    )
    # cross-check: with every row in a cluster, the classical OLS SE is the Student SE (§8a)
    cb_ <- results[[id]]$cluster
    if (!is.null(cb_) && !is.null(cb_$se_ols_classical) && cb_$n == basic[[id]]$n_treated + basic[[id]]$n_control) {
      check_close(cb_$se_ols_classical, basic[[id]]$student$se, paste("classical SE = Student SE for", id))
    }
  }
  # §9 multiple comparisons over the sub-indices
  pw <- vapply(index_ids, function(id) if (is.null(basic[[id]]$welch)) NA_real_ else basic[[id]]$welch$p, 0)
  ph <- p.adjust(pw, "holm"); pb <- p.adjust(pw, "BH")
  check_close(ph, manual_holm(pw), "Holm"); check_close(pb, manual_bh(pw), "BH")
  pc <- if (is.null(cl)) NULL else vapply(index_ids, function(id) {
    p <- results[[id]]$cluster$hc1$p; if (is.null(p)) NA_real_ else p
  }, 0)
  for (j in seq_along(index_ids)) {
    id <- index_ids[j]
    results[[id]]["p_welch_holm"] <- list(nn(ph[j]))
    results[[id]]["p_welch_bh"] <- list(nn(pb[j]))
    if (!is.null(pc)) {
      results[[id]]["p_cluster_hc1_holm"] <- list(nn(p.adjust(pc, "holm")[j]))
      results[[id]]["p_cluster_hc1_bh"] <- list(nn(p.adjust(pc, "BH")[j]))
    }
  }

  # balance
  balance <- list()
  for (cv in names(covs)) {
    v <- covs[[cv]]$values
    ok <- !is.na(v)
    n1 <- sum(ok & treated == 1L); n0 <- sum(ok & treated == 0L)
    row <- function(level, m1, m0, s1, s0) {
      sd_ <- sqrt((s1^2 + s0^2) / 2)
      list(covariate = cv, kind = covs[[cv]]$kind, level = level,
           n_treated = as.integer(n1), n_control = as.integer(n0),
           mean_treated = nn(m1), mean_control = nn(m0), sd_treated = nn(s1), sd_control = nn(s0),
           std_diff = nn(if (!is.na(sd_) && sd_ > 0) (m1 - m0) / sd_ else NA_real_))
    }
    if (covs[[cv]]$kind == "numeric") {
      v1 <- v[ok & treated == 1L]; v0 <- v[ok & treated == 0L]
      balance[[length(balance) + 1L]] <- row(NA_character_,
        if (n1) mean(v1) else NA_real_, if (n0) mean(v0) else NA_real_,
        if (n1 > 1) sd(v1) else NA_real_, if (n0 > 1) sd(v0) else NA_real_)
    } else {
      for (lv in byte_sort(v[ok])) {
        p1 <- if (n1) mean(v[ok & treated == 1L] == lv) else NA_real_
        p0 <- if (n0) mean(v[ok & treated == 0L] == lv) else NA_real_
        balance[[length(balance) + 1L]] <- row(lv, p1, p0, sqrt(p1 * (1 - p1)), sqrt(p0 * (1 - p0)))
      }
    }
  }

  # items
  items_out <- list()
  for (ix in cb$indices) {
    rev <- unlist(ix$reverse)
    for (it in unlist(ix$items)) {
      items_out[[length(items_out) + 1L]] <- item_block(it, ix$id, it %in% rev, xv[[paste(ix$id, it)]],
                                                        treated, agree_at, smin, smax)
    }
  }

  subgroups <- if (is.null(by_col)) NULL else
    subgroup_block(by_col, col_or_fail(by_col), treated, ref$scores[all_ids], min_cell)

  summ <- summary_block(ref$scores[index_ids], treated, cl, basic[index_ids])
  # cross-check: a mean composite over exactly the sub-indices has diff = aggregate_diff
  for (cp in cb$composites) {
    if (!is.null(summ) && setequal(unlist(cp$of), index_ids) && length(unlist(cp$of)) == length(index_ids) &&
        (is.null(cp$method) || cp$method == "mean")) {
      check_close(basic[[cp$id]]$diff, summ$aggregate_diff, "aggregate diff vs mean composite")
    }
  }

  list(
    fixture = basename(dir),
    generated_by = "test/reference/reference-evaluation.R",
    indices = unname(results),
    balance = balance,
    items = items_out,
    subgroups = subgroups,
    summary = summ
  )
}

manual_holm <- function(p) {
  o <- order(p); m <- length(p); adj <- rep(NA_real_, m)
  ok <- !is.na(p[o])
  ps <- p[o]
  run <- 0
  for (i in seq_len(m)) if (ok[i]) { run <- max(run, min(1, (m - i + 1) * ps[i])); adj[o[i]] <- run }
  adj
}
manual_bh <- function(p) {
  o <- order(p); m <- length(p); adj <- rep(NA_real_, m)
  ps <- p[o]; k <- sum(!is.na(ps))
  run <- 1
  for (i in rev(seq_len(k))) { run <- min(run, min(1, m / i * ps[i])); adj[o[i]] <- run }
  adj
}

main_eval <- function(args) {
  by <- NULL; cluster <- NULL; pos <- character(0)
  i <- 1L
  while (i <= length(args)) {
    if (args[i] %in% c("--by", "--cluster")) {
      if (i == length(args)) fail("missing value after ", args[i])
      if (args[i] == "--by") by <- args[i + 1L] else cluster <- args[i + 1L]
      i <- i + 2L
    } else {
      pos <- c(pos, args[i]); i <- i + 1L
    }
  }
  if (length(pos) < 1 || length(pos) > 2) {
    fail("usage: Rscript test/reference/reference-evaluation.R FIXTURE_DIR [OUT_JSON] [--by COLUMN] [--cluster COLUMN]")
  }
  dir <- normalizePath(pos[1], mustWork = TRUE)
  out <- if (length(pos) == 2) pos[2] else file.path(dir, "expected-evaluation.json")
  res <- compute_evaluation(dir, by = by, cluster_override = cluster)
  con <- file(out, open = "wb")
  writeLines(enc2utf8(to_json(res)), con, useBytes = TRUE)
  close(con)
  invisible(res)
}

if (sys.nframe() == 0L) {
  main_eval(commandArgs(trailingOnly = TRUE))
}
