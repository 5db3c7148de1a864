from django.contrib import admin

from .models import Cohort, Dimension, Kawasan, MoU, Participation, StageChange, SubDimension


class SubDimensionInline(admin.TabularInline[SubDimension, Dimension]):
    model = SubDimension
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin[Dimension]):
    list_display = ["code", "name", "name_en", "position"]
    inlines = [SubDimensionInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin[Participation]):
    list_display = ["region", "cohort", "track", "stage", "stage_date"]
    list_filter = ["stage", "cohort", "track"]
    search_fields = ["region__name", "region__code"]
    raw_id_fields = ["region"]
    readonly_fields = ["stage", "stage_date"]


admin.site.register(Cohort)
admin.site.register(Kawasan)
admin.site.register(MoU, raw_id_fields=["participation"])
admin.site.register(StageChange, raw_id_fields=["participation"])
