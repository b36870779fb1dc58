;;; test-eglot.el --- Sendwell end-to-end test in Emacs + eglot (batch)  -*- lexical-binding: t; -*-
;;
;; Run: SENDWELL_BIN=... SENDWELL_FIXTURES=... emacs --batch -Q -l test-eglot.el
;; Appends PASS/FAIL lines to $SENDWELL_RESULTS and exits non-zero on a failure.

(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-activate-all)
(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar sw-bin (or (getenv "SENDWELL_BIN") (error "SENDWELL_BIN is not set")))
(defvar sw-fixtures (or (getenv "SENDWELL_FIXTURES") (error "SENDWELL_FIXTURES is not set")))
(defvar sw-results (getenv "SENDWELL_RESULTS"))
(defvar sw-timeout (string-to-number (or (getenv "SENDWELL_TIMEOUT_S") "20")))
(defvar sw-passed 0)
(defvar sw-failed 0)

(setq make-backup-files nil
      create-lockfiles nil
      auto-save-default nil
      eglot-sync-connect 10
      eglot-send-changes-idle-time 0.1
      flymake-no-changes-timeout 0.2)

;; The major mode a Markdown user has; plain `text-mode' derivative when markdown-mode is absent.
(unless (fboundp 'markdown-mode)
  (define-derived-mode markdown-mode text-mode "Markdown"))
(add-to-list 'auto-mode-alist '("\\.md\\'" . markdown-mode))
;; The configuration documented in editors/README.md.
(add-to-list 'eglot-server-programs `((markdown-mode gfm-mode text-mode) . (,sw-bin "lsp")))
(setq-default eglot-workspace-configuration
              '((:sendwell . (:allow ["Northwind"] :rules (:placeholder.unfilled "error")))))

(defun sw-out (line)
  (message "%s" line)
  (when sw-results
    (write-region (concat line "\n") nil sw-results t 'silent)))

(defmacro sw-check (name &rest body)
  (declare (indent 1))
  `(condition-case err
       (progn ,@body
              (setq sw-passed (1+ sw-passed))
              (sw-out (concat "PASS emacs-eglot " ,name))
              t)
     (error
      (setq sw-failed (1+ sw-failed))
      (sw-out (format "FAIL emacs-eglot %s: %s" ,name (error-message-string err)))
      nil)))

(defun sw-pump (secs)
  (accept-process-output nil secs))

(defun sw-wait (what pred &optional secs)
  "Pump events until PRED is non-nil; signal an error mentioning WHAT after SECS."
  (let ((deadline (+ (float-time) (or secs sw-timeout)))
        (next-flymake 0)
        result)
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (when (and flymake-mode (> (float-time) next-flymake))
        (flymake-start)
        (setq next-flymake (+ (float-time) 0.3)))
      (sw-pump 0.02))
    (or result
        (error "timed out after %ss waiting for %s; diagnostics: %s%s"
               (or secs sw-timeout) what (sw-describe)
               (let ((s (ignore-errors (eglot-current-server))))
                 (if (and s (jsonrpc-running-p s)) "" "; the server is not running"))))))

(defun sw-lsp-diags ()
  "The LSP diagnostics behind flymake's, as plists."
  (cl-loop for d in (flymake-diagnostics)
           for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
           when lsp collect (cons d lsp)))

(defun sw-diag (code)
  (cl-find-if (lambda (p) (equal (plist-get (cdr p) :code) code)) (sw-lsp-diags)))

(defun sw-describe ()
  (mapconcat (lambda (p) (format "%s" (plist-get (cdr p) :code))) (sw-lsp-diags) " "))

(defun sw-region-text (d)
  (buffer-substring-no-properties (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))

(defun sw-finish ()
  (ignore-errors (eglot-shutdown-all))
  (sw-out (format "emacs-eglot: %d passed, %d failed" sw-passed sw-failed))
  (kill-emacs (if (> sw-failed 0) 1 0)))

(defun sw-run ()
  (find-file (expand-file-name "note-long.md" sw-fixtures))
  (unless (sw-check "eglot connects to `sendwell lsp`"
            (unless (eq major-mode 'markdown-mode) (error "major mode is %s" major-mode))
            (condition-case err
                (apply #'eglot (eglot--guess-contact))
              (error (error "eglot could not start %s lsp: %s" sw-bin (error-message-string err))))
            (sw-wait "the server to be initialized"
                     (lambda () (let ((s (eglot-current-server))) (and s (jsonrpc-running-p s)))))
            (flymake-mode 1))
    (sw-finish))

  (unless (sw-check "diagnostics carry Sendwell rule codes"
            (sw-wait "limit.body and placeholder.unfilled"
                     (lambda () (and (sw-diag "limit.body") (sw-diag "placeholder.unfilled"))))
            (let ((text (flymake-diagnostic-text (car (sw-diag "placeholder.unfilled")))))
              (unless (string-match-p "\\[placeholder\\.unfilled\\]" text)
                (error "flymake text lacks the code: %S" text))))
    (sw-finish))

  (sw-check "eglot-workspace-configuration reaches the server (placeholder.unfilled as error)"
    (let ((lsp (cdr (sw-diag "placeholder.unfilled"))))
      (unless (equal (plist-get lsp :severity) 1)
        (error "severity %S, want 1 (error) from eglot-workspace-configuration" (plist-get lsp :severity)))))

  (sw-check "placeholder range is exact after an emoji (UTF-16 columns)"
    (let* ((d (car (sw-diag "placeholder.unfilled")))
           (txt (sw-region-text d)))
      (unless (equal txt "[Company]") (error "diagnostic covers %S, want \"[Company]\"" txt))))

  (sw-check "hover explains the rule"
    (let ((d (car (sw-diag "placeholder.unfilled"))))
      (goto-char (1+ (flymake-diagnostic-beg d)))
      (let* ((res (jsonrpc-request (eglot-current-server) :textDocument/hover
                                   (eglot--TextDocumentPositionParams)))
             (contents (plist-get res :contents))
             (text (cond ((stringp contents) contents)
                         ((plist-get contents :value))
                         (t (format "%S" contents)))))
        (unless (string-match-p "placeholder" (downcase (or text "")))
          (error "hover does not mention the placeholder rule: %S" text)))))

  (sw-check "quick fix (eglot-code-actions) adds company: to the front-matter"
    (let* ((d (car (sw-diag "placeholder.unfilled")))
           (actions (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d)))
           (fix (cl-find-if (lambda (a) (string-match-p "company" (downcase (plist-get a :title))))
                            actions)))
      (unless fix (error "no action mentioning company; got %S"
                         (mapcar (lambda (a) (plist-get a :title)) actions)))
      (unless (plist-get fix :edit) (error "action %S has no WorkspaceEdit" (plist-get fix :title)))
      (eglot--apply-workspace-edit (plist-get fix :edit))
      (goto-char (point-min))
      (unless (re-search-forward "^company:" nil t)
        (error "no company: line after the fix:\n%s" (buffer-substring-no-properties 1 200)))))

  (sw-check "typing the company clears the finding"
    (goto-char (point-min))
    (re-search-forward "^company:.*$")
    (replace-match "company: Northwind")
    ;; eglot sends didChange from an idle timer, and batch Emacs is never idle: send it now.
    (eglot--signal-textDocument/didChange)
    (sw-wait "placeholder.unfilled to go away"
             (lambda () (and (not (sw-diag "placeholder.unfilled")) (sw-diag "limit.body")))))

  (sw-check "sendwell.stats through workspace/executeCommand"
    (let ((stats (jsonrpc-request (eglot-current-server) :workspace/executeCommand
                                  `(:command "sendwell.stats"
                                             :arguments [,(eglot--path-to-uri buffer-file-name)]))))
      (unless (and (equal (plist-get stats :channel) "connection-note")
                   (equal (plist-get stats :limit) 300)
                   (> (plist-get stats :used) 300))
        (error "unexpected stats %S" stats))))

  (sw-finish))

(condition-case err
    (sw-run)
  (error
   (setq sw-failed (1+ sw-failed))
   (sw-out (format "FAIL emacs-eglot test crashed: %s" (error-message-string err)))
   (sw-finish)))
