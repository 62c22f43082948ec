#!/usr/bin/env Rscript
# Independent reference implementation of docs STATISTICS.md §1-§6 for gbv-impact.
#
#   Rscript test/reference/reference.R FIXTURE_DIR [OUT_JSON]
#
# Reads FIXTURE_DIR/survey.csv, FIXTURE_DIR/codebook.yaml and, if present, FIXTURE_DIR/options.json
# ({"encoding": "utf-8"|"windows-1252", "delimiter": ","|";"|"\t"}), and writes OUT_JSON
# (default FIXTURE_DIR/expected.json). The CSV reader is written here from the rules in §1 on
# purpose (read.csv's defaults differ); the statistics use R's own t.test, mean, sd and lgamma.
# Needs the R packages yaml and jsonlite (jsonlite is used only to escape strings).

suppressPackageStartupMessages({
  library(yaml)
  library(jsonlite)
})

fail <- function(...) stop(paste0(...), call. = FALSE)

# ---------------------------------------------------------------------------------------------
# §1 Reading the file
# ---------------------------------------------------------------------------------------------

# Whitespace trimmed from headers and cells: PCRE horizontal + vertical whitespace (space, tab,
# CR, LF, VT, FF, NBSP and the other Unicode spaces).
WS <- "[\\h\\v]"
trim <- function(x) trimws(x, which = "both", whitespace = WS)

normalise_encoding <- function(enc) {
  e <- tolower(trim(enc))
  if (e %in% c("utf-8", "utf8")) return("utf-8")
  if (e %in% c("windows-1252", "cp1252", "latin1", "iso-8859-1")) return("windows-1252")
  fail("unsupported encoding: ", enc)
}

read_text <- function(path, encoding) {
  size <- file.info(path)$size
  if (is.na(size)) fail("cannot read ", path)
  bytes <- readBin(path, what = "raw", n = size)
  # 1. drop a UTF-8 BOM whatever the declared encoding
  if (length(bytes) >= 3 && all(bytes[1:3] == as.raw(c(0xEF, 0xBB, 0xBF)))) {
    bytes <- bytes[-(1:3)]
  }
  if (any(bytes == as.raw(0))) fail("NUL byte in ", path)
  txt <- rawToChar(bytes)
  # 2. decode
  if (encoding == "utf-8") {
    if (!validUTF8(txt)) fail(path, " is not valid UTF-8")
    Encoding(txt) <- "UTF-8"
  } else {
    txt <- iconv(txt, from = "CP1252", to = "UTF-8")
    if (is.na(txt)) fail(path, ": bytes not defined in CP1252")
    Encoding(txt) <- "UTF-8"
  }
  # 3. normalise line ends: \r\n -> \n, then lone \r -> \n
  txt <- gsub("\r\n", "\n", txt, fixed = TRUE)
  txt <- gsub("\r", "\n", txt, fixed = TRUE)
  txt
}

# RFC-4180 parser. Returns a list of records; each record is list(fields = chr, blank = lgl).
# A record is blank when its text (up to the unquoted newline) is empty or whitespace-only,
# i.e. it holds no delimiter, no quote and only whitespace.
# A quote opens a quoted field only as the first character of the field; inside it `""` is a
# literal quote and delimiters / newlines are literal. After the closing quote only whitespace
# may follow before the delimiter or newline. A quote inside an unquoted field is literal.
parse_csv <- function(txt, delim) {
  # The newline at the very end of the file does not start another line.
  if (nchar(txt) > 0 && substr(txt, nchar(txt), nchar(txt)) == "\n") {
    txt <- substr(txt, 1, nchar(txt) - 1)
  }
  chars <- strsplit(txt, "")[[1]]
  n <- length(chars)
  records <- vector("list", 1024)
  n_rec <- 0L
  fields <- character(0)
  buf <- character(256)
  nb <- 0L
  structural <- FALSE   # saw a delimiter or a quote in this record
  state <- 0L           # 0 = field start, 1 = unquoted, 2 = quoted, 3 = after closing quote
  push_char <- function(ch) {
    nb <<- nb + 1L
    if (nb > length(buf)) buf <<- c(buf, character(length(buf)))
    buf[nb] <<- ch
  }
  end_field <- function() {
    fields <<- c(fields, if (nb == 0L) "" else paste(buf[seq_len(nb)], collapse = ""))
    nb <<- 0L
  }
  end_record <- function() {
    end_field()
    blank <- !structural && length(fields) == 1L && trim(fields[1]) == ""
    n_rec <<- n_rec + 1L
    if (n_rec > length(records)) records <<- c(records, vector("list", length(records)))
    records[[n_rec]] <<- list(fields = fields, blank = blank)
    fields <<- character(0)
    structural <<- FALSE
  }
  line <- 1L
  i <- 1L
  while (i <= n) {
    ch <- chars[i]
    if (state == 2L) {
      if (ch == "\"") {
        if (i < n && chars[i + 1L] == "\"") {
          push_char("\"")
          i <- i + 1L
        } else {
          state <- 3L
        }
      } else {
        if (ch == "\n") line <- line + 1L
        push_char(ch)
      }
    } else if (ch == delim) {
      structural <- TRUE
      end_field()
      state <- 0L
    } else if (ch == "\n") {
      end_record()
      line <- line + 1L
      state <- 0L
    } else if (state == 0L) {
      if (ch == "\"") {
        structural <- TRUE
        state <- 2L
      } else {
        push_char(ch)
        state <- 1L
      }
    } else if (state == 1L) {
      push_char(ch)
    } else { # state 3: after closing quote
      if (!grepl(paste0("^", WS, "$"), ch, perl = TRUE)) {
        fail("malformed CSV near line ", line, ": text after a closing quote")
      }
    }
    i <- i + 1L
  }
  if (state == 2L) fail("malformed CSV: unterminated quoted field")
  if (n > 0L || n_rec > 0L) {
    end_record()
  }
  records[seq_len(n_rec)]
}

read_survey <- function(path, encoding, delim, cohort) {
  txt <- read_text(path, encoding)
  recs <- parse_csv(txt, delim)
  n_blank <- 0L
  header <- NULL
  rows <- list()
  for (r in recs) {
    if (r$blank) {
      n_blank <- n_blank + 1L
      next
    }
    if (is.null(header)) {
      header <- trim(r$fields)
    } else {
      rows[[length(rows) + 1L]] <- trim(r$fields)
    }
  }
  if (is.null(header)) fail("empty file: no header")
  if (anyDuplicated(header)) fail("duplicate column names: ", paste(header[duplicated(header)], collapse = ", "))
  k <- length(header)
  m <- matrix("", nrow = length(rows), ncol = k, dimnames = list(NULL, header))
  for (i in seq_along(rows)) {
    f <- rows[[i]]
    if (length(f) > k) {
      if (any(f[(k + 1):length(f)] != "")) fail("data row ", i, " has more cells than the header")
      f <- f[1:k]
    }
    if (length(f) < k) f <- c(f, rep("", k - length(f)))
    m[i, ] <- f
  }
  n_parsed <- nrow(m)
  empty <- if (n_parsed > 0) apply(m == "", 1, all) else logical(0)
  m <- m[!empty, , drop = FALSE]
  if (!(cohort$column %in% header)) fail("cohort column not found: ", cohort$column)
  coh <- m[, cohort$column]
  keep <- coh == cohort$treated | coh == cohort$control
  list(
    header = header,
    data = m[keep, , drop = FALSE],
    treated = as.integer(coh[keep] == cohort$treated),
    input = list(
      n_blank_lines_skipped = n_blank,
      n_rows_parsed = as.integer(n_parsed),
      n_rows_empty_dropped = as.integer(sum(empty)),
      n_rows_other_cohort_dropped = as.integer(sum(!keep))
    )
  )
}

# ---------------------------------------------------------------------------------------------
# §2 Item cells -> numbers
# ---------------------------------------------------------------------------------------------

NUM_RE <- "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$"
parse_num <- function(s) {
  out <- rep(NA_real_, length(s))
  ok <- grepl(NUM_RE, s)
  out[ok] <- as.numeric(s[ok])
  out
}

code_string <- function(v) {
  if (is.character(v)) return(v)
  if (is.logical(v)) fail("boolean in missing_codes / cohort values is not supported")
  # Numbers written the way JavaScript's String(x) writes them for ordinary values.
  s <- format(v, digits = 15, scientific = FALSE, trim = TRUE)
  s
}

item_values <- function(cells, missing_codes, labels, smin, smax) {
  codes_str <- vapply(missing_codes, code_string, "")
  codes_num <- vapply(missing_codes, function(v) {
    if (is.numeric(v)) as.numeric(v) else parse_num(v)
  }, 0)
  codes_num <- codes_num[!is.na(codes_num)]
  cnum <- parse_num(cells)
  # 1. missing
  miss <- cells == "" | cells %in% codes_str | (!is.na(cnum) & cnum %in% codes_num)
  x <- rep(NA_real_, length(cells))
  # 2. label
  is_label <- rep(FALSE, length(cells))
  if (length(labels) > 0) {
    is_label <- !miss & cells %in% names(labels)
    x[is_label] <- unname(labels[cells[is_label]])
  }
  # 3. number
  rest <- !miss & !is_label
  x[rest] <- cnum[rest]
  if (any(rest & is.na(cnum))) {
    bad <- unique(cells[rest & is.na(cnum)])
    warning("cells that are not numbers, codes or labels (treated as missing): ", paste(bad, collapse = " | "), call. = FALSE)
  }
  # 4. range
  x[!is.na(x) & (x < smin | x > smax)] <- NA_real_
  x
}

# ---------------------------------------------------------------------------------------------
# §4-§6 statistics for one index
# ---------------------------------------------------------------------------------------------

nn <- function(x) if (is.null(x) || length(x) == 0 || is.na(x) || !is.finite(x)) NULL else x

ttest_block <- function(y1, y0, var_equal) {
  if (length(y1) < 2 || length(y0) < 2) return(NULL)
  tt <- tryCatch(t.test(y1, y0, var.equal = var_equal), error = function(e) NULL)
  if (is.null(tt)) return(NULL)
  t <- unname(tt$statistic)
  diff <- mean(y1) - mean(y0)
  se_t <- diff / t
  n1 <- length(y1); n0 <- length(y0); v1 <- var(y1); v0 <- var(y0)
  if (var_equal) {
    sp2 <- ((n1 - 1) * v1 + (n0 - 1) * v0) / (n1 + n0 - 2)
    se_f <- sqrt(sp2 * (1 / n1 + 1 / n0))
    df_f <- n1 + n0 - 2
  } else {
    se_f <- sqrt(v1 / n1 + v0 / n0)
    df_f <- (v1 / n1 + v0 / n0)^2 / ((v1 / n1)^2 / (n1 - 1) + (v0 / n0)^2 / (n0 - 1))
  }
  se <- if (!is.null(tt$stderr)) unname(tt$stderr) else se_f
  # cross-checks between R's htest and the §5 formulas
  if (abs(se - se_f) > 1e-12 * se_f) fail("se mismatch: htest ", se, " formula ", se_f)
  if (diff != 0 && abs(se_t - se) > 1e-10 * se) fail("diff/t disagrees with se: ", se_t, " vs ", se)
  df <- unname(tt$parameter)
  if (abs(df - df_f) > 1e-10 * df_f) fail("df mismatch: htest ", df, " formula ", df_f)
  list(
    t = t, df = df, p = tt$p.value, se = se,
    ci_low = tt$conf.int[1], ci_high = tt$conf.int[2]
  )
}

index_stats <- function(id, kind, score, treated, n_none, n_below) {
  y1 <- score[treated == 1L & !is.na(score)]
  y0 <- score[treated == 0L & !is.na(score)]
  n1 <- length(y1); n0 <- length(y0)
  m1 <- if (n1 > 0) mean(y1) else NA_real_
  m0 <- if (n0 > 0) mean(y0) else NA_real_
  s1 <- if (n1 > 1) sd(y1) else NA_real_
  s0 <- if (n0 > 1) sd(y0) else NA_real_
  diff <- m1 - m0
  rel <- if (!is.na(diff) && m0 != 0) diff / m0 * 100 else NA_real_
  # pooled SD (§5/§6); a cohort of one contributes (n-1)s^2 = 0
  df <- n1 + n0 - 2
  sp <- NA_real_
  if (n1 >= 1 && n0 >= 1 && df >= 1) {
    ss1 <- if (n1 > 1) (n1 - 1) * var(y1) else 0
    ss0 <- if (n0 > 1) (n0 - 1) * var(y0) else 0
    sp <- sqrt((ss1 + ss0) / df)
  }
  # a pooled SD of 0 is a value (every score equal), but d = diff / 0 is undefined
  d <- if (!is.na(sp) && sp > 0) diff / sp else NA_real_
  j_exact <- if (df >= 2) exp(lgamma(df / 2) - 0.5 * log(df / 2) - lgamma((df - 1) / 2)) else NA_real_
  j_approx <- if (df >= 1) 1 - 3 / (4 * df - 1) else NA_real_
  # cross-check the approx form given in §6
  if (df >= 1 && abs(j_approx - (1 - 3 / (4 * (n1 + n0) - 9))) > 1e-15) fail("J_approx forms disagree")
  list(
    id = id, kind = kind,
    n_treated = as.integer(n1), n_control = as.integer(n0),
    mean_treated = nn(m1), mean_control = nn(m0),
    sd_treated = nn(s1), sd_control = nn(s0),
    diff = nn(diff), relative_pct = nn(rel),
    n_no_items_answered = n_none,
    n_below_min_answered = n_below,
    welch = ttest_block(y1, y0, FALSE),
    student = ttest_block(y1, y0, TRUE),
    sd_pooled = nn(sp), cohen_d = nn(d),
    hedges_g_exact = nn(d * j_exact), hedges_g_approx = nn(d * j_approx)
  )
}

# ---------------------------------------------------------------------------------------------
# JSON writer: full precision (shortest of %.15g/%.16g/%.17g that round-trips), null for NA.
# ---------------------------------------------------------------------------------------------

fmt_num <- function(x) {
  if (is.na(x) || !is.finite(x)) return("null")
  if (is.integer(x)) return(as.character(x))
  for (d in 15:17) {
    s <- sprintf(paste0("%.", d, "g"), x)
    if (as.numeric(s) == x) break
  }
  s
}

to_json <- function(x, indent = 0L) {
  pad <- function(k) strrep("  ", k)
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    if (!is.null(names(x))) {
      parts <- vapply(seq_along(x), function(i) {
        paste0(pad(indent + 1L), jsonlite::toJSON(names(x)[i], auto_unbox = TRUE), ": ",
               to_json(x[[i]], indent + 1L))
      }, "")
      return(paste0("{\n", paste(parts, collapse = ",\n"), "\n", pad(indent), "}"))
    }
    parts <- vapply(x, function(e) paste0(pad(indent + 1L), to_json(e, indent + 1L)), "")
    return(paste0("[\n", paste(parts, collapse = ",\n"), "\n", pad(indent), "]"))
  }
  scalar <- function(v) {
    if (is.character(v)) return(if (is.na(v)) "null" else as.character(jsonlite::toJSON(v, auto_unbox = TRUE)))
    if (is.logical(v)) return(if (is.na(v)) "null" else if (v) "true" else "false")
    fmt_num(v)
  }
  if (length(x) == 1 && !inherits(x, "AsIs")) return(scalar(x))
  paste0("[", paste(vapply(seq_along(x), function(i) scalar(unclass(x)[i]), ""), collapse = ", "), "]")
}

# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------

# Computes everything for one fixture directory. Returns list(result = the JSON object without
# "scores", scores = named list of score vectors (indices, then composites), treated = 0/1).
compute_reference <- function(dir) {
  dir <- normalizePath(dir, mustWork = TRUE)

  opts <- list(encoding = "utf-8", delimiter = ",")
  opt_path <- file.path(dir, "options.json")
  if (file.exists(opt_path)) {
    o <- jsonlite::fromJSON(opt_path, simplifyVector = FALSE)
    for (k in names(o)) opts[[k]] <- o[[k]]
  }
  encoding <- normalise_encoding(opts$encoding)
  delim <- opts$delimiter
  if (!(delim %in% c(",", ";", "\t"))) fail("unsupported delimiter")

  cb <- yaml::read_yaml(file.path(dir, "codebook.yaml"))
  cohort <- list(
    column = cb$cohort$column,
    treated = code_string(cb$cohort$treated),
    control = code_string(cb$cohort$control)
  )
  smin <- as.numeric(cb$scale$min)
  smax <- as.numeric(cb$scale$max)
  if (!(smax > smin)) fail("scale.max must exceed scale.min")
  missing_codes <- as.list(if (is.null(cb$missing_codes)) list() else cb$missing_codes)
  labels <- numeric(0)
  if (!is.null(cb$value_labels)) {
    labels <- vapply(cb$value_labels, as.numeric, 0)
    names(labels) <- trim(names(cb$value_labels))
  }
  share_default <- if (is.null(cb$min_answered_share)) 0.5 else as.numeric(cb$min_answered_share)

  sv <- read_survey(file.path(dir, "survey.csv"), encoding, delim, cohort)
  data <- sv$data
  treated <- sv$treated
  n <- nrow(data)

  scores <- list()
  results <- list()
  for (ix in cb$indices) {
    items <- unlist(ix$items)
    reverse <- unlist(ix$reverse)
    missing_cols <- setdiff(c(items, reverse), sv$header)
    if (length(missing_cols)) fail("column(s) not found: ", paste(missing_cols, collapse = ", "))
    if (length(setdiff(reverse, items))) fail("reverse item not among the items of ", ix$id)
    share <- if (is.null(ix$min_answered_share)) share_default else as.numeric(ix$min_answered_share)
    k <- length(items)
    r <- matrix(NA_real_, nrow = n, ncol = k)
    for (j in seq_len(k)) {
      x <- item_values(data[, items[j]], missing_codes, labels, smin, smax)
      rj <- (x - smin) / (smax - smin) * 100
      if (items[j] %in% reverse) {
        rev <- 100 - rj
        alt <- (smax - x) / (smax - smin) * 100
        ok <- !is.na(rev)
        if (any(abs(rev[ok] - alt[ok]) > 1e-12)) fail("reverse coding forms disagree")
        rj <- rev
      }
      r[, j] <- rj
    }
    a <- rowSums(!is.na(r))
    qualifies <- a >= 1 & (a / k) >= share - 1e-9
    sc <- rep(NA_real_, n)
    if (any(qualifies)) {
      sc[qualifies] <- apply(r[qualifies, , drop = FALSE], 1, function(v) mean(v[!is.na(v)]))
    }
    scores[[ix$id]] <- sc
    split <- function(cond) list(treated = as.integer(sum(cond & treated == 1L)),
                                 control = as.integer(sum(cond & treated == 0L)))
    results[[length(results) + 1L]] <- index_stats(
      ix$id, "index", sc, treated,
      n_none = split(a == 0), n_below = split(a >= 1 & is.na(sc))
    )
  }
  for (cp in cb$composites) {
    of <- unlist(cp$of)
    unknown <- setdiff(of, names(scores))
    if (length(unknown)) fail("composite ", cp$id, " refers to unknown index: ", paste(unknown, collapse = ", "))
    method <- if (is.null(cp$method)) "mean" else cp$method
    comp <- do.call(cbind, scores[of])
    sc <- switch(method,
      mean = rowMeans(comp),   # NA whenever any component is NA
      sum = rowSums(comp),
      fail("unknown composite method: ", method)
    )
    scores[[cp$id]] <- unname(sc)
    results[[length(results) + 1L]] <- index_stats(cp$id, "composite", sc, treated, NULL, NULL)
  }

  res <- list(
    fixture = basename(dir),
    generated_by = "test/reference/reference.R",
    r_version = R.version.string,
    input = sv$input,
    cohorts = list(
      control = list(n = as.integer(sum(treated == 0L))),
      treated = list(n = as.integer(sum(treated == 1L)))
    ),
    indices = results
  )
  list(result = res, scores = scores, treated = treated)
}

main <- function(args) {
  if (length(args) < 1 || length(args) > 2) {
    fail("usage: Rscript test/reference/reference.R FIXTURE_DIR [OUT_JSON]")
  }
  dir <- normalizePath(args[1], mustWork = TRUE)
  out <- if (length(args) == 2) args[2] else file.path(dir, "expected.json")
  ref <- compute_reference(dir)
  res <- ref$result
  if (length(ref$treated) <= 300) {
    res$scores <- lapply(ref$scores, function(s) I(s))
  }
  con <- file(out, open = "wb")
  writeLines(enc2utf8(to_json(res)), con, useBytes = TRUE)
  close(con)
  invisible(res)
}

if (sys.nframe() == 0L) {
  main(commandArgs(trailingOnly = TRUE))
}
