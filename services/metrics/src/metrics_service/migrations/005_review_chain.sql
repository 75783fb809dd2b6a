-- The review chain (docs/review-chain.md). The e-approval rate: of the letters sent, those proposed, reviewed and
-- signed in the system (LetterSent.approved_electronically), counted on the sent rows beside the channel.
ALTER TABLE letter_daily ADD COLUMN approved bigint NOT NULL DEFAULT 0 CHECK (approved >= 0);
ALTER TABLE letter_monthly ADD COLUMN approved bigint NOT NULL DEFAULT 0 CHECK (approved >= 0);

-- Time per review step (assigned → acted on, ReviewStepCompleted) joins the handling-speed histograms.
ALTER TABLE duration_daily DROP CONSTRAINT duration_daily_stage_check,
    ADD CONSTRAINT duration_daily_stage_check CHECK (stage IN ('delivery', 'acceptance', 'handling', 'review_step'));
ALTER TABLE duration_monthly DROP CONSTRAINT duration_monthly_stage_check,
    ADD CONSTRAINT duration_monthly_stage_check CHECK (stage IN ('delivery', 'acceptance', 'handling', 'review_step'));
